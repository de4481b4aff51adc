package lifecycle

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/riverqueue/river"

	"github.com/latchhq/latch/internal/request"
	"github.com/latchhq/latch/internal/store"
)

// Grants whose time is up are ended in batches as well as one by one. Every
// grant has its own expire job, written with the grant, which is the
// guarantee; the sweep is what keeps many grants ending together on time:
// one transaction claims up to expireBatch of them (active to revoking, each
// with its event) and queues one job that removes them and records their
// ends as the removals come back. A claim by the sweep is told apart from
// an expire job's by its event's message, so that each end has exactly one
// owner, whichever claims it.

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
		n, err := s.claimBatch(ctx)
		if err != nil || n < expireBatch {
			return err
		}
	}
}

// claimBatch moves up to expireBatch ended grants to revoking, each with its
// event, and queues their removal, in one transaction, and reports how many
// it claimed. A grant revoked or claimed by its own job meanwhile is left to
// that change: the claim moves only grants still active.
func (s *Service) claimBatch(ctx context.Context) (int, error) {
	now := s.now().UTC()
	var n int
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		rs, err := tx.ClaimEnded(ctx, now, expireBatch)
		if err != nil || len(rs) == 0 {
			return err
		}
		ids := requestIDs(rs)
		events, err := tx.AddEventToEach(ctx, request.Event{
			At: now, Kind: request.KindEnding, Actor: request.SystemActor,
			Source: request.SourceJob, FromStatus: request.Active,
			ToStatus: request.Revoking, Message: batchClaim,
		}, ids)
		if err != nil {
			return err
		}
		q := &manyEnqueuer{s: s, tx: tx.SQL()}
		for i, r := range rs {
			if err := s.recordedTo(ctx, q, r, events[i]); err != nil {
				return err
			}
		}
		if err := q.Enqueue(ctx, removeBatchArgs{RequestIDs: ids}, time.Time{}); err != nil {
			return err
		}
		n = len(rs)
		return q.flush(ctx)
	})
	return n, err
}

func requestIDs(rs []request.Request) []string {
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = r.ID
	}
	return ids
}

type removeBatchWorker struct {
	river.WorkerDefaults[removeBatchArgs]
	s *Service
}

// Work removes the grants of one claim, removeParallel at once, and
// records the results as they come in, a few at a time: those removed are
// expired; each one whose removal failed is handed to a removal job of its
// own, which retries it and, in the end, errors it, as for any removal. A
// rerun after a crash takes up only the grants still held by the claim,
// so it repeats only the calls whose results were not yet recorded.
//
// A job has a bounded time. When too little of it is left for one more
// call, the job starts no more calls and hands the grants left to a new
// batch job, in the transaction of its last record. When a record fails
// (the store is stalling), it starts no more calls either, and records
// what the calls under way did with the rest at the end.
func (w *removeBatchWorker) Work(ctx context.Context, job *river.Job[removeBatchArgs]) error {
	s := w.s
	held, err := s.store.RevokingClaimedBy(ctx, job.Args.RequestIDs, request.KindEnding,
		batchClaim)
	if err != nil {
		return err
	}

	var halt atomic.Bool
	results := make(chan removal)
	var left []string // written before results is closed
	go func() {
		defer close(results)
		left = s.removeAll(ctx, held, results, &halt)
	}()

	var done []removal
	tick := time.NewTicker(recordEvery)
	defer tick.Stop()
	for {
		flush := false
		select {
		case res, ok := <-results:
			if !ok {
				// The last record may come after the job's time is up.
				last := time.Now().Add(recordTime)
				if d, ok := ctx.Deadline(); ok && d.After(last) {
					last = d
				}
				rctx, cancel := context.WithDeadline(context.WithoutCancel(ctx), last)
				defer cancel()
				return s.recordBatch(rctx, done, left)
			}
			done = append(done, res)
			flush = len(done) >= recordSize
		case <-tick.C:
			flush = len(done) > 0
		}
		if !flush {
			continue
		}
		if err := s.recordBatch(ctx, done, nil); err != nil {
			// The store is failing. Calls made cannot be unmade: keep
			// their results for the next record, and start no more.
			if !halt.Swap(true) {
				s.log.Warn("batch removal cannot record; finishing the calls under way",
					"err", err)
			}
			continue
		}
		done = done[:0]
	}
}

// Results of a batch's removals are recorded when recordSize of them have
// come in, or every recordEvery: fast targets fill half a batch between
// records (each record is a transaction, and on SQLite every one waits for
// the single writer), slow ones are recorded within a quarter second.
const (
	recordSize  = 250
	recordEvery = 250 * time.Millisecond
	// recordTime is the least time given to the last record, which may run
	// after the job's own time is up.
	recordTime = 5 * time.Second
)

// removal is the result of one grant's removal.
type removal struct {
	r   request.Request
	err error
}

// removeAll calls each grant's removal, removeParallel at once, and sends
// each result. After the first removeParallel calls it starts none that
// might outlast ctx's deadline, and none once halt is set; it returns the
// ids of the grants it did not call for.
func (s *Service) removeAll(ctx context.Context, rs []request.Request,
	results chan<- removal, halt *atomic.Bool) []string {
	var (
		wg    sync.WaitGroup
		slots = make(chan struct{}, removeParallel)
	)
	defer wg.Wait()
	for i, r := range rs {
		slots <- struct{}{}
		// The first round always starts, so that every job gets on with
		// the batch; after it, no call starts that might outlast the job.
		if halt.Load() || ctx.Err() != nil ||
			i >= removeParallel && !s.timeForCall(ctx, r.Integration) {
			return requestIDs(rs[i:])
		}
		wg.Go(func() {
			defer func() { <-slots }()
			err := fmt.Errorf("integration %q is no longer configured", r.Integration)
			if in, ok := s.integrations.Get(r.Integration); ok {
				err = s.call(ctx, r, in.Remove, time.Time{})
			}
			results <- removal{r: r, err: err}
		})
	}
	return nil
}

// timeForCall reports whether ctx leaves time for a call to the integration
// and the record of its result.
func (s *Service) timeForCall(ctx context.Context, integration string) bool {
	if _, ok := s.integrations.Get(integration); !ok {
		return true // no call: its removal fails at once
	}
	deadline, ok := ctx.Deadline()
	return !ok || time.Until(deadline) > s.timeout(integration)+recordTime
}

// recordBatch writes, in one transaction, the expiry of every grant removed,
// the hand-over of every grant whose removal failed, and a new batch job for
// the grants left, if any.
func (s *Service) recordBatch(ctx context.Context, done []removal, left []string) error {
	now := s.now().UTC()
	var removed []request.Request
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		q := &manyEnqueuer{s: s, tx: tx.SQL()}
		// The grants left go first, so that the queue takes their job up
		// before the removals handed over, which may each wait out a
		// failing target's timeout.
		if len(left) > 0 {
			if err := q.Enqueue(ctx, removeBatchArgs{RequestIDs: left}, time.Time{}); err != nil {
				return err
			}
		}
		var ids []string
		for _, d := range done {
			if d.err == nil {
				ids = append(ids, d.r.ID)
			}
		}
		if len(ids) > 0 {
			var err error
			if removed, err = s.recordExpired(ctx, tx, q, ids, now); err != nil {
				return err
			}
		}
		for _, d := range done {
			if d.err != nil {
				if err := s.handOver(ctx, tx, q, d.r, d.err, now); err != nil {
					return err
				}
			}
		}
		return q.flush(ctx)
	})
	if err != nil {
		return err
	}
	for _, d := range done {
		if d.err != nil {
			s.log.Error("removal failed, retrying on its own", "request_id", d.r.ID,
				"resource", d.r.Resource, "err", d.err)
		}
	}
	for _, r := range removed {
		s.log.Info("access removed", "request_id", r.ID, "resource", r.Resource,
			"requester", r.Requester, "status", request.Expired,
			"expiry_lag_ms", now.Sub(r.EndsAt).Milliseconds())
	}
	if len(left) > 0 {
		s.log.Warn("batch removal ran out of time; a new job takes the rest",
			"left", len(left))
	}
	return nil
}

// recordExpired moves the grants of ids, removed, from revoking to expired,
// each with its event.
func (s *Service) recordExpired(ctx context.Context, tx *store.Tx, q Enqueuer, ids []string,
	now time.Time) ([]request.Request, error) {
	rs, err := tx.EndRevoking(ctx, ids, request.Expired, now)
	if err != nil {
		return nil, fmt.Errorf("record expiries: %w", err)
	}
	events, err := tx.AddEventToEach(ctx, request.Event{
		At: now, Kind: request.KindExpired, Actor: request.SystemActor,
		Source: request.SourceJob, FromStatus: request.Revoking, ToStatus: request.Expired,
		Message: "access removed",
	}, requestIDs(rs))
	if err != nil {
		return nil, err
	}
	for i, r := range rs {
		if err := s.recordedTo(ctx, q, r, events[i]); err != nil {
			return nil, err
		}
	}
	return rs, nil
}

// handOver gives a grant whose removal failed to a removal job of its own.
// It stays revoking; the event's status-change fields mark that the claim
// no longer holds it.
func (s *Service) handOver(ctx context.Context, tx *store.Tx, q Enqueuer, r request.Request,
	cause error, now time.Time) error {
	e := request.Event{
		RequestID: r.ID, At: now, Kind: request.KindRemoveFailed, Actor: request.SystemActor,
		Source: request.SourceJob, FromStatus: request.Revoking, ToStatus: request.Revoking,
		Message: fmt.Sprintf("removal failed, retrying on its own: %v", cause),
	}
	if err := tx.AddEvent(ctx, &e); err != nil {
		return err
	}
	if err := q.Enqueue(ctx, removeArgs{RequestID: r.ID}, time.Time{}); err != nil {
		return err
	}
	return s.recordedTo(ctx, q, r, e)
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
