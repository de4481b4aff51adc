package slack

import (
	"context"
	"sync"

	"github.com/riverqueue/river"

	"github.com/latchhq/latch/internal/store"
)

// maxBatch bounds how many clicks one transaction queues.
const maxBatch = 200

// batcher queues the jobs of concurrent Slack calls in shared
// transactions. On SQLite, whose one writer every write waits for, a burst
// of clicks then costs a few commits rather than one each, which keeps the
// answers to Slack fast under load. There is no background goroutine: the
// first caller to find no batch in flight writes one, and hands the next
// batch to a caller waiting in it.
type batcher struct {
	p       *Plugin
	mu      sync.Mutex
	pending []*queued
	busy    bool
}

type queued struct {
	args river.JobArgs
	done chan error    // the outcome of the batch holding this job
	lead chan struct{} // closed when this caller is to write the next batch
}

// add queues args durably and returns once its transaction committed.
func (b *batcher) add(ctx context.Context, args river.JobArgs) error {
	q := &queued{args: args, done: make(chan error, 1), lead: make(chan struct{})}
	b.mu.Lock()
	b.pending = append(b.pending, q)
	if b.busy {
		b.mu.Unlock()
		select {
		case err := <-q.done:
			return err
		case <-q.lead:
		}
	} else {
		b.busy = true
		b.mu.Unlock()
	}
	b.flush()
	return <-q.done
}

// flush writes the pending jobs, up to maxBatch, in one transaction, then
// passes the lead to a caller still waiting, or ends the run.
func (b *batcher) flush() {
	b.mu.Lock()
	n := min(len(b.pending), maxBatch)
	batch := b.pending[:n:n]
	b.pending = b.pending[n:]
	b.mu.Unlock()

	err := b.write(batch)
	for _, q := range batch {
		q.done <- err
	}

	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.pending) == 0 {
		b.busy = false
		return
	}
	close(b.pending[0].lead)
}

// write inserts the batch's jobs. It runs without the caller's context, so
// that one caller giving up does not fail the others' jobs.
func (b *batcher) write(batch []*queued) error {
	ctx := context.Background()
	params := make([]river.InsertManyParams, len(batch))
	for i, q := range batch {
		params[i] = river.InsertManyParams{Args: q.args,
			InsertOpts: &river.InsertOpts{MaxAttempts: b.p.cfg.Jobs.MaxAttempts}}
	}
	return b.p.store.InTx(ctx, func(tx *store.Tx) error {
		_, err := b.p.inserter.InsertManyTx(ctx, tx.SQL(), params)
		return err
	})
}
