package slack

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/slack-go/slack"

	"github.com/latchhq/latch/internal/request"
	"github.com/latchhq/latch/internal/store"
)

// messageArgs brings a request's approval message up to date: posts it
// (Post, queued once, with the request) or updates it.
type messageArgs struct {
	RequestID string `json:"request_id"`
	Post      bool   `json:"post,omitempty"`
}

func (messageArgs) Kind() string { return "slack_message" }

type messageWorker struct {
	river.WorkerDefaults[messageArgs]
	p *Plugin
}

// maxRenders bounds how often one job re-renders a message that changed
// while it was being sent.
const maxRenders = 5

// Work renders the request as it is now and sends it. Only the post job
// ever posts, and only while no message is recorded; update jobs that run
// before the post leave the work to it, since it renders the state as it
// is when it posts. After sending, a request that moved on meanwhile is
// rendered again, so the last writer always leaves the latest state.
func (w *messageWorker) Work(ctx context.Context, job *river.Job[messageArgs]) error {
	p := w.p
	for range maxRenders {
		r, err := p.store.GetRequest(ctx, job.Args.RequestID)
		if err != nil {
			return err
		}
		m, posted, err := p.store.SlackMessage(ctx, r.ID)
		if err != nil {
			return err
		}
		if !posted && !job.Args.Post {
			return nil
		}
		text, blocks, err := p.renderApproval(ctx, r)
		if err != nil {
			return p.retry(job.JobRow, "render approval message", err)
		}
		if !posted {
			return p.post(ctx, job, r, text, blocks)
		}
		if m.Permalink == "" {
			p.fillPermalink(ctx, m)
		}
		_, _, _, err = p.api.UpdateMessageContext(ctx, m.Channel, m.TS,
			slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...))
		if err != nil {
			return p.retry(job.JobRow, "chat.update", err)
		}
		now, err := p.store.GetRequest(ctx, r.ID)
		if err != nil || now.Version == r.Version {
			return err
		}
	}
	return nil
}

// post sends the approval message and records its ts in the transaction
// that completes this job, so that a retry of a job whose post was recorded
// finds the ts and never posts again.
//
// One window remains: if latch stops after Slack accepted the post but
// before that transaction commits (or Slack's answer is lost on the way),
// the retry posts a second message; Slack's Web API offers no idempotency
// key for chat.postMessage that would close it.
func (p *Plugin) post(ctx context.Context, job *river.Job[messageArgs], r request.Request,
	text string, blocks []slack.Block) error {
	channel, ts, err := p.api.PostMessageContext(ctx, p.sc.Channel,
		slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...))
	if err != nil {
		return p.retry(job.JobRow, "chat.postMessage", err)
	}
	link := p.permalink(ctx, r.ID, channel, ts)
	err = p.store.InTx(ctx, func(tx *store.Tx) error {
		err := tx.SaveSlackMessage(ctx, store.SlackMessage{
			RequestID: r.ID, Channel: channel, TS: ts, Permalink: link, PostedAt: p.now(),
		})
		if err != nil {
			return err
		}
		_, err = river.JobCompleteTx[riverdriver.Driver[*sql.Tx]](ctx, tx.SQL(), job)
		return err
	})
	if err != nil {
		p.log.Error("approval message posted but not recorded: a retry may post it again",
			"request_id", r.ID, "channel", channel, "ts", ts, "err", err)
		return fmt.Errorf("record approval message of %s: %w", r.ID, err)
	}
	p.log.Info("approval message posted", "request_id", r.ID, "channel", channel, "ts", ts)

	cur, err := p.store.GetRequest(ctx, r.ID)
	if err == nil && cur.Version != r.Version {
		err = p.svc.Enqueue(ctx, messageArgs{RequestID: r.ID}, time.Time{})
	}
	if err != nil {
		p.log.Error("approval message may show an old status", "request_id", r.ID, "err", err)
	}
	return nil
}

// permalink asks Slack for the address of a posted message, which the
// dashboard and the export link to. The message is posted already, so a
// failure only leaves the link out (logged); the next update fills it in.
func (p *Plugin) permalink(ctx context.Context, id, channel, ts string) string {
	link, err := p.api.GetPermalinkContext(ctx, &slack.PermalinkParameters{Channel: channel, Ts: ts})
	if err != nil {
		p.log.Warn("no permalink for the approval message", "request_id", id, "channel", channel,
			"ts", ts, "err", err)
		return ""
	}
	return link
}

// fillPermalink records the permalink of a message saved without one.
func (p *Plugin) fillPermalink(ctx context.Context, m store.SlackMessage) {
	link := p.permalink(ctx, m.RequestID, m.Channel, m.TS)
	if link == "" {
		return
	}
	if err := p.store.SetSlackPermalink(ctx, m.RequestID, link); err != nil {
		p.log.Warn("permalink of the approval message not recorded", "request_id", m.RequestID,
			"err", err)
	}
}

// renderApproval gathers what the approval message shows and renders it.
func (p *Plugin) renderApproval(ctx context.Context, r request.Request) (string,
	[]slack.Block, error) {
	v := approvalView{R: r, Link: p.link(r.ID), Max: time.Duration(p.cfg.Approvals.MaxDuration)}
	for _, d := range p.cfg.Approvals.ExpiryOptions {
		v.Presets = append(v.Presets, time.Duration(d))
	}
	var err error
	for _, f := range []struct {
		dst   *string
		email string
	}{
		{&v.Requester, r.Requester}, {&v.ApprovedBy, r.ApprovedBy},
		{&v.DeniedBy, r.DeniedBy}, {&v.EndedBy, r.EndedBy},
	} {
		if *f.dst, err = p.mention(ctx, f.email); err != nil {
			return "", nil, err
		}
	}
	if v.Approvers, err = p.approverMention(ctx); err != nil {
		return "", nil, err
	}
	if r.Status == request.Denied {
		v.DenyReason, err = p.eventMessage(ctx, r.ID, request.KindDenied)
		if err != nil {
			return "", nil, err
		}
	}
	text, blocks := approvalBlocks(v)
	return text, blocks, nil
}

// link is the request's page on latch.
func (p *Plugin) link(id string) string {
	base := p.sc.BaseURL
	for len(base) > 0 && base[len(base)-1] == '/' {
		base = base[:len(base)-1]
	}
	return base + "/requests/" + id
}

// eventMessage returns the message of the request's last event of kind.
func (p *Plugin) eventMessage(ctx context.Context, id, kind string) (string, error) {
	events, err := p.store.Events(ctx, id)
	if err != nil {
		return "", err
	}
	for i := len(events) - 1; i >= 0; i-- {
		if events[i].Kind == kind {
			return events[i].Message, nil
		}
	}
	return "", nil
}
