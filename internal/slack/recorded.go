package slack

import (
	"context"
	"time"

	"github.com/latchhq/latch/internal/lifecycle"
	"github.com/latchhq/latch/internal/request"
)

// Recorded queues, in the transaction of every event, the Slack work it
// calls for: the approval message's post or update, a thread post for a
// comment made elsewhere, the requester's direct message and the reminder
// before a grant ends.
func (p *Plugin) Recorded(ctx context.Context, q lifecycle.Enqueuer, r request.Request,
	e request.Event) error {
	var jobs []job
	if e.FromStatus != e.ToStatus {
		jobs = append(jobs, job{args: messageArgs{RequestID: r.ID,
			Post: e.Kind == request.KindRequested}})
	}
	if e.Kind == request.KindComment && e.Source != request.SourceSlack {
		jobs = append(jobs, job{args: threadArgs{RequestID: r.ID, EventID: e.ID}})
	}
	if dmKinds[e.Kind] {
		jobs = append(jobs, job{args: dmArgs{RequestID: r.ID, EventID: e.ID}})
	}
	lead := time.Duration(p.sc.ReminderBefore)
	if e.Kind == request.KindGranted && lead > 0 && r.ApprovedDuration > lead {
		jobs = append(jobs, job{
			args: reminderArgs{RequestID: r.ID, EndsAt: r.EndsAt.UnixMicro()},
			at:   r.EndsAt.Add(-lead),
		})
	}
	for _, j := range jobs {
		if err := q.Enqueue(ctx, j.args, j.at); err != nil {
			return err
		}
	}
	return nil
}

type job struct {
	args interface{ Kind() string }
	at   time.Time
}

// dmKinds are the events the requester hears of by direct message.
var dmKinds = map[string]bool{
	request.KindRequested:    true,
	request.KindApproved:     true,
	request.KindDenied:       true,
	request.KindGranted:      true,
	request.KindTimedOut:     true,
	request.KindExpired:      true,
	request.KindRevoked:      true,
	request.KindRelinquished: true,
	request.KindErrored:      true,
}
