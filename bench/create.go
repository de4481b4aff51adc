package main

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// createResult is one creation level's outcome.
type createResult struct {
	concurrency int
	// done is how many requests were created; fewer than asked when the
	// level ran out of time.
	done    int
	elapsed time.Duration
	latency summary
}

// rate is creations per second.
func (r createResult) rate() float64 {
	if r.elapsed <= 0 {
		return 0
	}
	return float64(r.done) / r.elapsed.Seconds()
}

// runCreates creates n requests from conc workers sharing one counter, and
// stops early at the time limit. The first failed call ends the level.
func runCreates(ctx context.Context, c *client, token string, n, conc int,
	limit time.Duration) (createResult, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	deadline := time.Now().Add(limit)
	var (
		next      atomic.Int64
		wg        sync.WaitGroup
		latencies = make([][]time.Duration, conc)
	)

	start := time.Now()
	for w := range conc {
		wg.Go(func() {
			for next.Add(1) <= int64(n) && time.Now().Before(deadline) && ctx.Err() == nil {
				t0 := time.Now()
				if _, err := c.create(ctx, token); err != nil {
					cancel(err)
					return
				}
				latencies[w] = append(latencies[w], time.Since(t0))
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)

	if err := context.Cause(ctx); err != nil {
		return createResult{}, err
	}
	all := concat(latencies)
	return createResult{concurrency: conc, done: len(all), elapsed: elapsed,
		latency: summarize(all)}, nil
}

func concat(parts [][]time.Duration) []time.Duration {
	var all []time.Duration
	for _, p := range parts {
		all = append(all, p...)
	}
	return all
}
