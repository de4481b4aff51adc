package slack

import (
	"context"
	"errors"

	"github.com/riverqueue/river"
	"github.com/slack-go/slack"

	"github.com/latchhq/latch/internal/request"
)

// replyArgs is a reply in the thread of an approval message.
type replyArgs struct {
	EventID  string `json:"event_id"`
	User     string `json:"user"`
	Team     string `json:"team"`
	Channel  string `json:"channel"`
	ThreadTS string `json:"thread_ts"`
	TS       string `json:"ts"`
	Text     string `json:"text"`
}

func (replyArgs) Kind() string { return "slack_reply" }

type replyWorker struct {
	river.WorkerDefaults[replyArgs]
	p *Plugin
}

// Work records the reply as a comment on the thread's request, by the
// latch user with the Slack user's email. A reply that cannot be recorded
// (someone outside the directory, or who may not comment) is left in Slack,
// and its author is told, privately, that latch did not keep it.
func (w *replyWorker) Work(ctx context.Context, job *river.Job[replyArgs]) error {
	p, a := w.p, job.Args
	m, ok, err := p.store.SlackMessageAt(ctx, a.Channel, a.ThreadTS)
	if err != nil || !ok {
		return err
	}
	actor, msg, err := p.actor(ctx, a.User, a.Team)
	if err != nil {
		return p.retry(job.JobRow, "identify slack user", err)
	}
	if msg == "" {
		_, err = p.svc.Comment(ctx, actor, m.RequestID, a.Text)
		switch {
		case err == nil:
			return nil
		case errors.Is(err, request.ErrForbidden), errors.Is(err, request.ErrInvalid),
			errors.Is(err, request.ErrNotFound):
			msg = escape(err.Error())
		default:
			return err
		}
	}
	msg = "Your reply was not added to request " + m.RequestID + "'s record: " + msg
	_, err = p.api.PostEphemeralContext(ctx, a.Channel, a.User, slack.MsgOptionTS(a.ThreadTS),
		slack.MsgOptionText(msg, false))
	if err != nil {
		return p.retry(job.JobRow, "chat.postEphemeral", err)
	}
	return nil
}
