package lifecycle

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/latchhq/latch/internal/request"
	"github.com/latchhq/latch/internal/store"
)

// Plugin extends the lifecycle without the lifecycle knowing it: it adds
// job workers to the queue and hears of every event, inside the transaction
// that writes it, so that what it enqueues is as durable as the change.
type Plugin interface {
	// AddWorkers registers the plugin's job workers.
	AddWorkers(w *river.Workers)
	// Recorded is called in the transaction of every event (a status
	// change, a comment, a failed attempt) with the request as it now is.
	// Jobs it enqueues with q commit or roll back with the change; an error
	// rolls the change back.
	Recorded(ctx context.Context, q Enqueuer, r request.Request, e request.Event) error
}

// Enqueuer adds jobs to one transaction.
type Enqueuer interface {
	// Enqueue adds a job to run at at, or now when at is zero.
	Enqueue(ctx context.Context, args river.JobArgs, at time.Time) error
}

type txEnqueuer struct {
	s  *Service
	tx *sql.Tx
}

func (q txEnqueuer) Enqueue(ctx context.Context, args river.JobArgs, at time.Time) error {
	return q.s.enqueue(ctx, q.tx, args, at)
}

// manyEnqueuer gathers the jobs of many changes in one transaction, for
// flush to insert together.
type manyEnqueuer struct {
	s    *Service
	tx   *sql.Tx
	jobs []river.InsertManyParams
}

func (q *manyEnqueuer) Enqueue(_ context.Context, args river.JobArgs, at time.Time) error {
	q.jobs = append(q.jobs, river.InsertManyParams{Args: args, InsertOpts: q.s.insertOpts(at)})
	return nil
}

// flush inserts the jobs gathered, in one statement.
func (q *manyEnqueuer) flush(ctx context.Context) error {
	if len(q.jobs) == 0 {
		return nil
	}
	if _, err := q.s.jobs.InsertManyTx(ctx, q.tx, q.jobs); err != nil {
		return fmt.Errorf("enqueue %d jobs: %w", len(q.jobs), err)
	}
	q.jobs = nil
	return nil
}

// recorded tells every plugin of e, inside tx.
func (s *Service) recorded(ctx context.Context, tx *sql.Tx, r request.Request, e request.Event) error {
	return s.recordedTo(ctx, txEnqueuer{s, tx}, r, e)
}

// recordedTo tells every plugin of e, with q to enqueue jobs.
func (s *Service) recordedTo(ctx context.Context, q Enqueuer, r request.Request,
	e request.Event) error {
	for _, p := range s.plugins {
		if err := p.Recorded(ctx, q, r, e); err != nil {
			return err
		}
	}
	return nil
}

// Enqueue adds a job in its own transaction, for plugins that act outside
// any change (a retry, a periodic sync).
func (s *Service) Enqueue(ctx context.Context, args river.JobArgs, at time.Time) error {
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		return s.enqueue(ctx, tx.SQL(), args, at)
	})
}
