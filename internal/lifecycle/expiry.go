package lifecycle

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/riverqueue/river"

	"github.com/latchhq/latch/internal/request"
	"github.com/latchhq/latch/internal/store"
)

// Grants whose time is up are ended in batches as well as one by one. Every
// grant has its own expire job, written with the grant, which is the
// guarantee; the sweep is what keeps many grants ending together on time:
// one transaction claims up to expireBatch of them (active to revoking, each
// by compare-and-set with its event) and queues one job that removes them
// all and records their ends in one more transaction. A claim by the sweep
// is told apart from an expire job's by its event's message, so that each
// end has exactly one owner, whichever claims it.

// expireBatch bounds the grants one claim takes.
const expireBatch = 500

// batchClaim is the message of the event by which the sweep takes a grant's
// end.
const batchClaim = "expire: time is up, removing the access with others ending now"

// removeParallel bounds the removals one batch runs at once.
const removeParallel = 32

// removeBatchArgs removes grants the sweep claimed together.
type removeBatchArgs struct {
	RequestIDs []string `json:"request_ids"`
}

func (removeBatchArgs) Kind() string { return "remove_batch" }

// sweepExpiries claims every active grant whose end has come, a batch per
// transaction, each batch with the job that removes it.
func (s *Service) sweepExpiries(ctx context.Context) error {
	for {
		ended, err := s.store.ActiveEndedBy(ctx, s.now(), expireBatch)
		if err != nil || len(ended) == 0 {
			return err
		}
		if err := s.claimBatch(ctx, ended); err != nil {
			return err
		}
		if len(ended) < expireBatch {
			return nil
		}
	}
}

// claimBatch moves the grants to revoking and queues their removal, in one
// transaction. A grant that changed since it was read (revoked, or claimed
// by its own job or another replica) is left to that change.
func (s *Service) claimBatch(ctx context.Context, rs []request.Request) error {
	now := s.now().UTC()
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		var ids []string
		for _, r := range rs {
			r.Status, r.EndReason, r.UpdatedAt = request.Revoking, request.EndExpire, now
			err := tx.UpdateRequest(ctx, &r)
			if errors.Is(err, store.ErrStale) {
				continue
			}
			if err != nil {
				return err
			}
			e := request.Event{
				RequestID: r.ID, At: now, Kind: request.KindEnding, Actor: request.SystemActor,
				Source: request.SourceJob, FromStatus: request.Active,
				ToStatus: request.Revoking, Message: batchClaim,
			}
			if err := tx.AddEvent(ctx, &e); err != nil {
				return err
			}
			if err := s.recorded(ctx, tx.SQL(), r, e); err != nil {
				return err
			}
			ids = append(ids, r.ID)
		}
		if len(ids) == 0 {
			return nil
		}
		return s.enqueue(ctx, tx.SQL(), removeBatchArgs{RequestIDs: ids}, time.Time{})
	})
}

type removeBatchWorker struct {
	river.WorkerDefaults[removeBatchArgs]
	s *Service
}

// Work removes the grants of one claim. Those removed are recorded expired
// together; each one whose removal failed is handed to a removal job of its
// own, which retries it and, in the end, errors it, as for any removal. A
// rerun after a crash takes up only the grants still held by the claim.
func (w *removeBatchWorker) Work(ctx context.Context, job *river.Job[removeBatchArgs]) error {
	s := w.s
	var held []request.Request
	for _, id := range job.Args.RequestIDs {
		r, err := s.store.GetRequest(ctx, id)
		if err != nil {
			return err
		}
		if r.Status != request.Revoking {
			continue
		}
		if mine, err := s.lastClaimIs(ctx, r, batchClaim); err != nil {
			return err
		} else if mine {
			held = append(held, r)
		}
	}

	failures := s.removeAll(ctx, held)
	return s.recordBatch(ctx, held, failures)
}

// removeAll calls each grant's removal, a bounded number at once, and
// returns the errors by request id.
func (s *Service) removeAll(ctx context.Context, rs []request.Request) map[string]error {
	var (
		mu       sync.Mutex
		wg       sync.WaitGroup
		failures = map[string]error{}
		slots    = make(chan struct{}, removeParallel)
	)
	for _, r := range rs {
		wg.Add(1)
		slots <- struct{}{}
		go func() {
			defer func() { <-slots; wg.Done() }()
			err := fmt.Errorf("integration %q is no longer configured", r.Integration)
			if in, ok := s.integrations.Get(r.Integration); ok {
				err = s.call(ctx, r, in.Remove, time.Time{})
			}
			if err != nil {
				mu.Lock()
				failures[r.ID] = err
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return failures
}

// recordBatch writes, in one transaction, the expiry of every grant removed
// and the hand-over of every grant whose removal failed.
func (s *Service) recordBatch(ctx context.Context, rs []request.Request,
	failures map[string]error) error {
	now := s.now().UTC()
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		for _, r := range rs {
			e := request.Event{
				RequestID: r.ID, At: now, Actor: request.SystemActor, Source: request.SourceJob,
				FromStatus: request.Revoking,
			}
			if cause := failures[r.ID]; cause != nil {
				// Still revoking; the status-change fields mark that the
				// claim no longer holds the grant.
				e.Kind, e.ToStatus = request.KindRemoveFailed, request.Revoking
				e.Message = fmt.Sprintf("removal failed, retrying on its own: %v", cause)
				if err := s.enqueue(ctx, tx.SQL(), removeArgs{RequestID: r.ID},
					time.Time{}); err != nil {
					return err
				}
			} else {
				r.Status, r.EndedAt, r.UpdatedAt = request.Expired, now, now
				if err := tx.UpdateRequest(ctx, &r); err != nil {
					return fmt.Errorf("record expiry of %s: %w", r.ID, err)
				}
				e.Kind, e.ToStatus, e.Message = request.KindExpired, request.Expired,
					"access removed"
			}
			if err := tx.AddEvent(ctx, &e); err != nil {
				return err
			}
			if err := s.recorded(ctx, tx.SQL(), r, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, r := range rs {
		if cause := failures[r.ID]; cause != nil {
			s.log.Error("removal failed, retrying on its own", "request_id", r.ID,
				"resource", r.Resource, "err", cause)
			continue
		}
		s.log.Info("access removed", "request_id", r.ID, "resource", r.Resource,
			"requester", r.Requester, "status", request.Expired,
			"expiry_lag_ms", now.Sub(r.EndsAt).Milliseconds())
	}
	return nil
}

// lastClaimIs reports whether r's last status change is the claim whose
// event message is claim.
func (s *Service) lastClaimIs(ctx context.Context, r request.Request, claim string) (bool,
	error) {
	events, err := s.store.Events(ctx, r.ID)
	if err != nil {
		return false, err
	}
	for _, e := range slices.Backward(events) {
		if e.ToStatus != "" {
			return e.Kind == request.KindEnding && e.Message == claim, nil
		}
	}
	return false, nil
}
