package slack

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"github.com/slack-go/slack"
)

// giveUpAfter is how long a job keeps waiting out Slack's outages and rate
// limits before it counts its failures like any other job's.
const giveUpAfter = 24 * time.Hour

// transientCodes are Slack's own answers that mean "try again later".
var transientCodes = []string{
	"ratelimited", "internal_error", "fatal_error", "service_unavailable",
	"request_timeout",
}

// retry turns a failed Slack call into the job's answer. Rate limits wait
// exactly as long as Slack's Retry-After asks; outages (HTTP 5xx, network
// errors) wait with a growing delay; neither uses up the job's attempts,
// so a request's message survives a long Slack outage. Anything else is an
// error that the queue retries a few times and then reports.
func (p *Plugin) retry(job *rivertype.JobRow, op string, err error) error {
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		p.log.Warn("slack rate limit: waiting", "op", op, "retry_after", rl.RetryAfter)
		return river.JobSnooze(max(rl.RetryAfter, time.Second))
	}
	age := p.now().Sub(job.CreatedAt)
	if transient(err) && age < giveUpAfter {
		wait := min(max(age/2, time.Duration(p.cfg.Jobs.RetryBase)),
			time.Duration(p.cfg.Jobs.RetryMax))
		p.log.Warn("slack unavailable: will retry", "op", op, "wait", wait, "err", err)
		return river.JobSnooze(wait)
	}
	if job.Attempt >= job.MaxAttempts {
		p.log.Error("slack call failed, giving up: check the app's token, scopes and "+
			"channel membership", "op", op, "kind", job.Kind, "err", err)
	}
	return fmt.Errorf("%s: %w", op, err)
}

// errNotPosted means a thread post waits for its approval message.
var errNotPosted = errors.New("approval message not posted yet")

func transient(err error) bool {
	if errors.Is(err, errNotPosted) {
		return true
	}
	var (
		sc  slack.StatusCodeError
		ue  *url.Error
		ne  net.Error
		ser slack.SlackErrorResponse
	)
	switch {
	case errors.As(err, &sc):
		return sc.Code >= 500 || sc.Code == 429
	case errors.As(err, &ser):
		return isSlackError(err, transientCodes...)
	case errors.As(err, &ue), errors.As(err, &ne):
		return true
	}
	return false
}
