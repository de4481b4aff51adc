package slack

import (
	"context"

	"github.com/riverqueue/river"
	"github.com/slack-go/slack"
)

// threadArgs posts a comment made outside Slack into the request's thread.
type threadArgs struct {
	RequestID string `json:"request_id"`
	EventID   int64  `json:"event_id"`
}

func (threadArgs) Kind() string { return "slack_thread" }

type threadWorker struct {
	river.WorkerDefaults[threadArgs]
	p *Plugin
}

// Work waits for the approval message to be posted, then replies in its
// thread, naming the comment's author and path.
func (w *threadWorker) Work(ctx context.Context, job *river.Job[threadArgs]) error {
	p := w.p
	m, ok, err := p.store.SlackMessage(ctx, job.Args.RequestID)
	if err != nil {
		return err
	}
	if !ok {
		return p.retry(job.JobRow, "wait for the approval message", errNotPosted)
	}
	events, err := p.store.Events(ctx, job.Args.RequestID)
	if err != nil {
		return err
	}
	for _, e := range events {
		if e.ID != job.Args.EventID {
			continue
		}
		who, err := p.mention(ctx, e.Actor)
		if err != nil {
			return p.retry(job.JobRow, "mention", err)
		}
		text := who + " (" + string(e.Source) + "): " + escape(e.Message)
		_, _, err = p.api.PostMessageContext(ctx, m.Channel, slack.MsgOptionTS(m.TS),
			slack.MsgOptionText(text, false))
		if err != nil {
			return p.retry(job.JobRow, "chat.postMessage (thread)", err)
		}
	}
	return nil
}
