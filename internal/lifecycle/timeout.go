package lifecycle

import (
	"context"
	"errors"
	"time"

	"github.com/latchhq/latch/internal/duration"
	"github.com/latchhq/latch/internal/request"
)

// sweepBatch is how many overdue requests one read of the sweep takes.
const sweepBatch = 200

// A pending request times out when its approvable window closes. The
// deadline follows from the row itself (created_at plus the window), so no
// job is written per request: every replica sweeps the requests table on a
// timer and moves the overdue ones to timed_out, each by compare-and-set
// with its event. Replicas that sweep at once lose the compare-and-set to
// each other, and a replica that was down finds the overdue requests when
// it starts again.

// sweep runs sweepTimeouts, sweepExpiries (expiry.go) and endDeparted
// (departed.go) every interval until ctx ends, then closes done.
func (s *Service) sweep(ctx context.Context, interval time.Duration, done chan<- struct{}) {
	defer close(done)
	t := time.NewTicker(interval)
	defer t.Stop()
	var orphansChecked time.Time
	for {
		if err := s.sweepTimeouts(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("time out pending requests", "err", err)
		}
		if err := s.sweepExpiries(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("end grants whose time is up", "err", err)
		}
		if err := s.endDeparted(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("end grants of people who left the directory", "err", err)
		}
		if time.Since(orphansChecked) >= s.orphanAfter/4 {
			orphansChecked = time.Now()
			if err := s.adoptOrphans(ctx); err != nil && ctx.Err() == nil {
				s.log.Warn("take up grants and removals left without a job", "err", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// sweepTimeouts times out every pending request whose window has closed.
func (s *Service) sweepTimeouts(ctx context.Context) error {
	for {
		window := time.Duration(s.cfg.Approvals.ApprovableWindow)
		overdue, err := s.store.PendingBefore(ctx, s.now().Add(-window), sweepBatch)
		if err != nil {
			return err
		}
		for _, r := range overdue {
			if err := s.timeOut(ctx, r, window); err != nil {
				return err
			}
		}
		if len(overdue) < sweepBatch {
			return nil
		}
	}
}

// timeOut moves r from pending to timed_out, unless somebody decided it
// since it was read.
func (s *Service) timeOut(ctx context.Context, r request.Request, window time.Duration) error {
	now := s.now().UTC()
	r.Status, r.EndedAt = request.TimedOut, now
	e := request.Event{
		At: now, Kind: request.KindTimedOut, Actor: request.SystemActor, Source: request.SourceJob,
		FromStatus: request.Pending, ToStatus: request.TimedOut,
		Message: "nobody decided within " + duration.Format(window),
	}
	err := s.change(ctx, &r, e, nil)
	if errors.Is(err, request.ErrConflict) {
		return nil // decided, or timed out by another replica, meanwhile
	}
	return err
}
