package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/latchhq/latch/internal/api"
	"github.com/latchhq/latch/internal/client"
	"github.com/latchhq/latch/internal/duration"
)

// errWaitTimeout is the cause of a wait that ran out of --timeout.
var errWaitTimeout = errors.New("wait timed out")

// waiter follows one request by polling until it reaches an outcome.
type waiter struct {
	client   *client.Client
	interval time.Duration
	timeout  time.Duration
	progress io.Writer

	lastStatus string
	lastWarn   string
}

// follow prints the id (text) and waits; in JSON mode it prints the request
// as last seen, whatever the outcome.
func follow(cmd *cobra.Command, c *client.Client, r api.Request, o *requestOptions) error {
	out := cmd.OutOrStdout()
	if *o.output == textOutput {
		fmt.Fprintln(out, r.ID)
	}

	w := &waiter{client: c, interval: o.poll, timeout: o.timeout.d, progress: cmd.ErrOrStderr()}
	last, err := w.wait(cmd.Context(), r)

	if *o.output == jsonOutput {
		if jerr := writeJSON(out, last); jerr != nil && err == nil {
			err = jerr
		}
	}
	return err
}

// wait polls r until outcome says it is done, the timeout passes or ctx
// ends. It returns the request as last seen.
func (w *waiter) wait(ctx context.Context, r api.Request) (api.Request, error) {
	ctx, cancel := context.WithTimeoutCause(ctx, w.timeout, errWaitTimeout)
	defer cancel()
	tick := time.NewTicker(w.interval)
	defer tick.Stop()

	for {
		w.report(r)
		if done, err := outcome(r); done {
			return r, err
		}

		select {
		case <-ctx.Done():
			return r, w.stopped(ctx, r)
		case <-tick.C:
		}

		next, err := w.client.Get(ctx, r.ID)
		switch {
		case err == nil:
			r = next
		case ctx.Err() != nil:
			return r, w.stopped(ctx, r)
		case transient(err):
			w.warn(err)
		default:
			return r, fmt.Errorf("follow request %s: %w", r.ID, err)
		}
	}
}

// report tells stderr about a new status.
func (w *waiter) report(r api.Request) {
	if r.Status == w.lastStatus {
		return
	}
	if r.Status == "active" && w.lastStatus != "approved" && r.ApprovedBy != "" {
		// Approved and granted between two checks: tell both.
		approved := r
		approved.Status = "approved"
		w.say(progress(approved))
	}
	w.lastStatus = r.Status
	w.say(progress(r))
}

// say prints a progress line, if there is one.
func (w *waiter) say(msg string) {
	if msg != "" {
		fmt.Fprintln(w.progress, printable(msg))
	}
}

// warn tells stderr that a check failed and will be retried, once per
// distinct failure.
func (w *waiter) warn(err error) {
	if msg := err.Error(); msg != w.lastWarn {
		w.lastWarn = msg
		w.say("latch: " + msg + "; still trying")
	}
}

// stopped explains why waiting ended before an outcome.
func (w *waiter) stopped(ctx context.Context, r api.Request) error {
	if errors.Is(context.Cause(ctx), errWaitTimeout) {
		err := fmt.Errorf("gave up after %s: request %s is still %s",
			duration.Format(w.timeout), r.ID, r.Status)
		return &ExitError{Code: ExitTimeout, Err: err}
	}
	return fmt.Errorf("stopped waiting for request %s (still %s): %w", r.ID, r.Status, ctx.Err())
}

// transient reports whether a failed check is worth retrying: the network,
// or the server's own trouble, rather than a refusal.
func transient(err error) bool {
	var ce *client.Error
	if errors.As(err, &ce) {
		return ce.StatusCode >= 500 || ce.StatusCode == 429
	}
	return true
}

// progress is the line that tells a waiting person about r's status.
func progress(r api.Request) string {
	switch r.Status {
	case "pending":
		return fmt.Sprintf("waiting for approval of request %s…", r.ID)
	case "approved":
		msg := "approved"
		if r.ApprovedBy != "" {
			msg += " by " + r.ApprovedBy
		}
		if r.ApprovedDuration != "" {
			msg += " for " + r.ApprovedDuration
		}
		return msg + "; granting access…"
	case "active":
		if r.EndsAt == nil {
			return "access granted"
		}
		return "access granted until " + timeText(r.EndsAt)
	}
	return ""
}

// outcome says whether r is done being waited for, and the error that
// ends the wait when it did not end in a grant.
func outcome(r api.Request) (bool, error) {
	switch r.Status {
	case "active":
		return true, nil
	case "denied":
		return true, &ExitError{Code: ExitDenied, Err: errors.New(ending(r))}
	case "canceled", "timed_out", "errored", "expired", "revoked", "relinquished", "revoking":
		return true, &ExitError{Code: ExitFailure, Err: errors.New(ending(r))}
	}
	return false, nil
}

// endings says how each final status reads, and whether a person did it.
var endings = map[string]struct {
	phrase string
	byWhom bool
}{
	"denied":       {"was denied", true},
	"canceled":     {"was canceled", true},
	"timed_out":    {"timed out before anyone decided", false},
	"errored":      {"failed", false},
	"expired":      {"was granted but has already expired", false},
	"revoked":      {"was granted but has already been revoked", true},
	"relinquished": {"was granted but has already been relinquished", true},
	"revoking":     {"was granted but is already ending", false},
}

// ending is the sentence that explains how r ended: who did it, and why,
// from the event that moved it to its status.
func ending(r api.Request) string {
	e := endings[r.Status]
	if e.phrase == "" {
		e.phrase = "is " + r.Status
	}
	ev := cause(r)

	msg := fmt.Sprintf("request %s %s", r.ID, e.phrase)
	if who := actor(r, ev); e.byWhom && who != "" {
		msg += " by " + who
	}
	if why := reason(r, ev); why != "" {
		msg += ": " + why
	}
	return msg
}

// cause is the event that decided how r ended. A grant that was revoked or
// relinquished was ended by whoever moved it to revoking; the removal job
// only finished the work.
func cause(r api.Request) api.Event {
	if ev, ok := lastTransition(r, "revoking"); ok && r.Status != "errored" {
		return ev
	}
	ev, _ := lastTransition(r, r.Status)
	return ev
}

// lastTransition is the newest event that moved r to status.
func lastTransition(r api.Request, status string) (api.Event, bool) {
	for i := len(r.Events) - 1; i >= 0; i-- {
		if r.Events[i].ToStatus == status {
			return r.Events[i], true
		}
	}
	return api.Event{}, false
}

// actor is who ended r: the denier, the person the request names, or else
// the actor of the deciding event.
func actor(r api.Request, ev api.Event) string {
	switch {
	case r.Status == "denied" && r.DeniedBy != "":
		return r.DeniedBy
	case r.Status != "denied" && r.EndedBy != "":
		return r.EndedBy
	}
	return ev.Actor
}

// reason is why r reached its status: the event's message, or the error.
func reason(r api.Request, ev api.Event) string {
	if msg := strings.TrimSpace(ev.Message); msg != "" {
		return msg
	}
	return strings.TrimSpace(r.Error)
}
