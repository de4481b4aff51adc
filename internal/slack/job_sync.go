package slack

import (
	"context"
	"strings"
	"time"

	"github.com/riverqueue/river"
)

// syncEvery is how often the approver group is set again, undoing changes
// made to it by hand.
const syncEvery = 24 * time.Hour

// syncArgs sets the approver group's members to the approvers' Slack
// accounts. Config identifies the approver configuration it was queued
// under.
type syncArgs struct {
	Config string `json:"config"`
}

func (syncArgs) Kind() string { return "slack_sync" }

// InsertOpts keeps one sync per configuration: every replica queues one at
// start, and the queue keeps only the first.
func (syncArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

type syncWorker struct {
	river.WorkerDefaults[syncArgs]
	p *Plugin
}

// Work finds each approver's Slack account, reports those without one,
// sets the group's members, forgets old event deliveries, and runs again a
// day later. A job of an older configuration ends its round here.
func (w *syncWorker) Work(ctx context.Context, job *river.Job[syncArgs]) error {
	p := w.p
	if job.Args.Config != p.approverKey() {
		return nil
	}
	var ids, missing []string
	for _, email := range p.approverEmails() {
		id, err := p.slackUser(ctx, email)
		if err != nil {
			return p.retry(job.JobRow, "find approvers in slack", err)
		}
		if id == "" {
			missing = append(missing, email)
			p.log.Warn("approver has no Slack account with their email: "+
				"they cannot be mentioned or decide in Slack", "approver", email)
			continue
		}
		ids = append(ids, id)
	}
	if err := p.setGroup(ctx, ids); err != nil {
		return p.retry(job.JobRow, "set approver group", err)
	}
	p.log.Info("approvers synced to slack", "approver_group", p.sc.ApproverGroup,
		"found", len(ids), "missing", len(missing))

	if _, err := p.store.PruneSlackEvents(ctx, p.now().Add(-syncEvery)); err != nil {
		p.log.Warn("prune slack event ids", "err", err)
	}
	if _, err := p.store.PruneSlackSeen(ctx, p.now().Add(-syncEvery)); err != nil {
		p.log.Warn("prune slack calls seen", "err", err)
	}
	return river.JobSnooze(syncEvery)
}

// setGroup sets the approver group's members, unless latch may not manage
// groups (then the messages mention each approver).
func (p *Plugin) setGroup(ctx context.Context, ids []string) error {
	id, err := p.groupID(ctx, true)
	if err != nil || id == "" || len(ids) == 0 {
		return err
	}
	_, err = p.api.UpdateUserGroupMembersContext(ctx, id, strings.Join(ids, ","))
	if isSlackError(err, notPermitted...) {
		p.log.Warn("latch may not set the approver group's members: "+
			"the approval message mentions each approver instead", "err", err)
		p.groupMu.Lock()
		p.group = groupState{at: p.now()}
		p.groupMu.Unlock()
		return nil
	}
	return err
}
