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
	key  string // the call's signature, marked seen with its jobs
	args []river.JobArgs
	done chan error    // the outcome of the batch holding this job
	lead chan struct{} // closed when this caller is to write the next batch
	// replay is set, before done is sent, when key had been seen: its jobs
	// were not queued.
	replay bool
}

// add marks the call with this key seen and queues its jobs, in one
// transaction, and returns once that committed. When the key had been
// seen already it queues nothing and reports fresh false.
func (b *batcher) add(ctx context.Context, key string, args ...river.JobArgs) (fresh bool,
	err error) {
	q := &queued{key: key, args: args, done: make(chan error, 1), lead: make(chan struct{})}
	b.mu.Lock()
	b.pending = append(b.pending, q)
	if b.busy {
		b.mu.Unlock()
		select {
		case err := <-q.done:
			return !q.replay, err
		case <-q.lead:
		}
	} else {
		b.busy = true
		b.mu.Unlock()
	}
	b.flush()
	err = <-q.done
	return !q.replay, err
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

// write marks the batch's calls seen and inserts the jobs of those not
// seen before. It runs without the caller's context, so that one caller
// giving up does not fail the others' jobs.
func (b *batcher) write(batch []*queued) error {
	ctx := context.Background()
	opts := &river.InsertOpts{MaxAttempts: b.p.cfg.Jobs.MaxAttempts}
	return b.p.store.InTx(ctx, func(tx *store.Tx) error {
		var params []river.InsertManyParams
		for _, q := range batch {
			fresh, err := tx.MarkSlackSeen(ctx, q.key, b.p.now())
			if err != nil {
				return err
			}
			q.replay = !fresh
			if q.replay {
				continue
			}
			for _, a := range q.args {
				params = append(params, river.InsertManyParams{Args: a, InsertOpts: opts})
			}
		}
		if len(params) == 0 {
			return nil
		}
		_, err := b.p.inserter.InsertManyTx(ctx, tx.SQL(), params)
		return err
	})
}
