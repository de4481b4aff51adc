package lifecycle

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/riverqueue/river"

	"github.com/latchhq/latch/internal/request"
)

// orphanBatch bounds the orphans taken up in one sweep.
const orphanBatch = 100

// adoptOrphans queues the job again for every request being granted or
// removed that no job will finish. Each such change is written with its job,
// and a job that fails for good records the request errored, so an orphan
// is left only when the store itself failed through every attempt of a job
// (which could then record nothing). Without this, its access could stay
// granted, in revoking, for ever. The new job repeats the call, which every
// integration makes idempotent.
func (s *Service) adoptOrphans(ctx context.Context) error {
	orphans, err := s.store.Orphans(ctx, s.now().Add(-s.orphanAfter), orphanBatch)
	if err != nil {
		return err
	}
	for _, r := range orphans {
		var (
			args river.JobArgs
			kind string
			what string
		)
		switch r.Status {
		case request.Approved:
			args, kind, what = provisionArgs{RequestID: r.ID}, request.KindGrantFailed, "grant"
		case request.Revoking:
			args, kind, what = removeArgs{RequestID: r.ID}, request.KindRemoveFailed, "removal"
		default:
			continue
		}
		// The status-change fields mark that no earlier claim holds the
		// request any more: the new job does.
		e := request.Event{
			At: s.now().UTC(), Kind: kind, Actor: request.SystemActor, Source: request.SourceJob,
			FromStatus: r.Status, ToStatus: r.Status,
			Message: "the job making this " + what + " gave up without recording it; " +
				"trying again",
		}
		err := s.change(ctx, &r, e, func(ctx context.Context, tx *sql.Tx) error {
			return s.enqueue(ctx, tx, args, time.Time{})
		})
		if errors.Is(err, request.ErrConflict) {
			continue // changed meanwhile, by its job or another replica
		}
		if err != nil {
			return err
		}
		s.log.Warn("a "+what+" had no job left to finish it; queued it again",
			"request_id", r.ID, "resource", r.Resource, "status", r.Status)
	}
	return nil
}
