package slack

import (
	"context"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"github.com/slack-go/slack"

	"github.com/latchhq/latch/internal/duration"
	"github.com/latchhq/latch/internal/request"
)

// kindReminder is the reminder's message kind; it is no event of its own.
const kindReminder = "reminder"

// dmArgs tells the requester of one event of their request.
type dmArgs struct {
	RequestID string `json:"request_id"`
	EventID   int64  `json:"event_id"`
}

func (dmArgs) Kind() string { return "slack_dm" }

type dmWorker struct {
	river.WorkerDefaults[dmArgs]
	p *Plugin
}

// Work sends the message. A retry after Slack took the message but before
// the job was marked done sends it twice: a direct message is worth that
// rather than the risk of never arriving.
func (w *dmWorker) Work(ctx context.Context, job *river.Job[dmArgs]) error {
	p := w.p
	r, err := p.store.GetRequest(ctx, job.Args.RequestID)
	if err != nil {
		return err
	}
	events, err := p.store.Events(ctx, r.ID)
	if err != nil {
		return err
	}
	var e request.Event
	for _, ev := range events {
		if ev.ID == job.Args.EventID {
			e = ev
		}
	}
	if e.ID == 0 {
		return nil
	}
	v := dmView{R: r, Kind: e.Kind, Note: e.Message, Link: p.link(r.ID),
		Match: r.Status == request.Active}
	if e.Kind == request.KindExpired || e.Kind == request.KindRevoked ||
		e.Kind == request.KindRelinquished {
		v.Note = ""
	}
	who := e.Actor
	if e.Kind == request.KindRevoked || e.Kind == request.KindRelinquished {
		who = r.EndedBy
	}
	if who != request.SystemActor {
		if v.By, err = p.mention(ctx, who); err != nil {
			return p.retry(job.JobRow, "mention", err)
		}
	}
	return p.sendDM(ctx, job.JobRow, r.Requester, v)
}

// sendDM posts v to the requester's direct messages with latch.
func (p *Plugin) sendDM(ctx context.Context, job *rivertype.JobRow, email string, v dmView) error {
	id, err := p.slackUser(ctx, email)
	if err != nil {
		return p.retry(job, "find requester in slack", err)
	}
	if id == "" {
		p.log.Warn("requester has no Slack account: no direct message",
			"request_id", v.R.ID, "requester", email)
		return nil
	}
	text, blocks := dmBlocks(v)
	_, _, err = p.api.PostMessageContext(ctx, id, slack.MsgOptionText(text, false),
		slack.MsgOptionBlocks(blocks...))
	if err != nil {
		return p.retry(job, "chat.postMessage (direct message)", err)
	}
	return nil
}

// reminderArgs tells the requester that a grant is about to end. EndsAt
// (unix microseconds) is the end it was queued for.
type reminderArgs struct {
	RequestID string `json:"request_id"`
	EndsAt    int64  `json:"ends_at"`
}

func (reminderArgs) Kind() string { return "slack_reminder" }

type reminderWorker struct {
	river.WorkerDefaults[reminderArgs]
	p *Plugin
}

// Work waits for the reminder's time and sends it, unless the grant ended
// meanwhile.
func (w *reminderWorker) Work(ctx context.Context, job *river.Job[reminderArgs]) error {
	p := w.p
	lead := time.Duration(p.sc.ReminderBefore)
	ends := time.UnixMicro(job.Args.EndsAt).UTC()
	if wait := ends.Add(-lead).Sub(p.now()); wait > 0 {
		return river.JobSnooze(wait)
	}
	r, err := p.store.GetRequest(ctx, job.Args.RequestID)
	if err != nil {
		return err
	}
	if r.Status != request.Active || !r.EndsAt.Equal(ends) {
		return nil
	}
	v := dmView{R: r, Kind: kindReminder, Link: p.link(r.ID), Match: true,
		Lead: duration.Format(r.EndsAt.Sub(p.now()).Round(time.Minute))}
	return p.sendDM(ctx, job.JobRow, r.Requester, v)
}
