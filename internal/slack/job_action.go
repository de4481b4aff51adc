package slack

import (
	"context"
	"errors"
	"fmt"

	"github.com/riverqueue/river"
	"github.com/slack-go/slack"

	"github.com/latchhq/latch/internal/lifecycle"
	"github.com/latchhq/latch/internal/request"
)

// actionArgs is one click on Approve, Deny or Relinquish.
type actionArgs struct {
	Action    string `json:"action"`
	RequestID string `json:"request_id"`
	User      string `json:"user"`
	Team      string `json:"team"`
	Channel   string `json:"channel"`
	Expiry    string `json:"expiry,omitempty"`
	Reason    string `json:"reason,omitempty"`
}

func (actionArgs) Kind() string { return "slack_action" }

type actionWorker struct {
	river.WorkerDefaults[actionArgs]
	p *Plugin
}

// Work maps the Slack user to a directory person and asks the lifecycle to
// act as them, through the same authorization as every other path. What
// goes wrong for the clicker is told to them alone; the message itself
// follows the request through the lifecycle's events.
func (w *actionWorker) Work(ctx context.Context, job *river.Job[actionArgs]) error {
	p, a := w.p, job.Args
	actor, msg, err := p.actor(ctx, a.User, a.Team)
	if err != nil {
		return p.retry(job.JobRow, "identify slack user", err)
	}
	if msg == "" {
		msg, err = p.act(ctx, actor, a)
		if err != nil {
			return err
		}
	}
	if msg == "" {
		return nil
	}
	_, err = p.api.PostEphemeralContext(ctx, a.Channel, a.User, slack.MsgOptionText(msg, false))
	if err != nil {
		return p.retry(job.JobRow, "chat.postEphemeral", err)
	}
	return nil
}

// actor maps a Slack user of the team to the latch person acting. When
// there is none, msg says why, for the user alone. team is the workspace
// the call from Slack named; only latch's own may act.
func (p *Plugin) actor(ctx context.Context, userID, team string) (lifecycle.Actor, string,
	error) {
	ws, err := p.workspace(ctx)
	if err != nil {
		return lifecycle.Actor{}, "", err
	}
	email := ""
	if team != ws {
		err = errOutsider
	} else {
		email, err = p.emailOf(ctx, userID)
	}
	if msg, ok := unmapped[err]; ok {
		p.log.Info("slack user not taken", "slack_user", userID, "team", team, "why", err)
		return lifecycle.Actor{}, msg + " Use the latch CLI or web page instead.", nil
	}
	if err != nil {
		return lifecycle.Actor{}, "", err
	}
	person, ok := p.svc.Directory().Person(email)
	if !ok {
		return lifecycle.Actor{}, fmt.Sprintf("%s is not in latch's directory: "+
			"ask a latch admin to add you.", escape(email)), nil
	}
	return lifecycle.Actor{Person: person, Source: request.SourceSlack}, "", nil
}

// unmapped tells a Slack user why latch does not take them as anyone.
var unmapped = map[error]string{
	errNoEmail: "latch cannot read the email of your Slack account, " +
		"so it cannot tell who you are.",
	errOutsider: "latch takes requests and decisions in Slack only from members " +
		"of its own workspace.",
	errGuest: "latch does not take requests and decisions from guests of " +
		"the Slack workspace.",
	errNotOwnEmail: "The email of your Slack profile is not your Slack account's own, " +
		"so latch cannot tell who you are.",
}

// act carries out the click. It returns the private answer for the
// clicker, or an error for the job to retry.
func (p *Plugin) act(ctx context.Context, actor lifecycle.Actor, a actionArgs) (string, error) {
	var err error
	switch a.Action {
	case actionApprove:
		_, err = p.svc.Approve(ctx, actor, a.RequestID, a.Expiry)
	case actionDeny:
		_, err = p.svc.Deny(ctx, actor, a.RequestID, a.Reason)
	case actionRelease:
		_, err = p.svc.Relinquish(ctx, actor, a.RequestID)
	default:
		return "", nil
	}
	return p.answer(ctx, a, err)
}

// answer turns the lifecycle's error into words for the clicker.
func (p *Plugin) answer(ctx context.Context, a actionArgs, err error) (string, error) {
	var conflict *request.ConflictError
	switch {
	case err == nil:
		return "", nil
	case errors.As(err, &conflict):
		return p.conflictAnswer(ctx, conflict), nil
	case errors.Is(err, request.ErrNotFound):
		// The lifecycle hides requests from who may not see them; in Slack
		// the message shows it anyway, so say what the rule is.
		p.log.Info("slack click refused", "action", a.Action, "request_id", a.RequestID,
			"slack_user", a.User, "err", err)
		return fmt.Sprintf("Nothing changed: you may not %s request %s; "+
			"only approvers may decide and only its requester may relinquish.",
			a.Action, escape(a.RequestID)), nil
	case errors.Is(err, request.ErrForbidden), errors.Is(err, request.ErrInvalid):
		p.log.Info("slack click refused", "action", a.Action, "request_id", a.RequestID,
			"slack_user", a.User, "err", err)
		return "Nothing changed: " + escape(err.Error()), nil
	}
	return "", fmt.Errorf("%s %s from slack: %w", a.Action, a.RequestID, err)
}

// conflictAnswer tells the clicker that someone else decided first, and
// who: "Request X is already approved: approved by @carol at 14:02 UTC."
func (p *Plugin) conflictAnswer(ctx context.Context, c *request.ConflictError) string {
	if c.DecidedBy == "" || c.What == "" {
		return fmt.Sprintf("Request %s is already %s.", c.ID, c.Status)
	}
	who, err := p.mention(ctx, c.DecidedBy)
	if err != nil {
		who = escape(c.DecidedBy)
	}
	return fmt.Sprintf("Request %s is already %s: %s by %s at %s.", c.ID, c.What, c.What, who,
		at(c.DecidedAt))
}
