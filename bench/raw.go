package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// rawRowBytes is about what one request creation writes: the request row,
// its first event and its time-out job.
const rawRowBytes = 600

// runRawInserts is the store's own limit: n single-row INSERTs of
// rawRowBytes each, every one its own transaction, straight through the
// driver on latch's own connection pool, from conc callers.
func runRawInserts(ctx context.Context, db *sql.DB, n, conc int) (createResult, error) {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS bench_raw (
	id BIGINT PRIMARY KEY,
	payload TEXT NOT NULL)`); err != nil {
		return createResult{}, fmt.Errorf("raw inserts: %w", err)
	}
	var b [rawRowBytes / 2]byte
	rand.Read(b[:])
	payload := fmt.Sprintf("%x", b)
	var base int64
	db.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM bench_raw`).Scan(&base)

	var (
		next      atomic.Int64
		wg        sync.WaitGroup
		firstErr  atomic.Value
		latencies = make([][]time.Duration, conc)
	)
	start := time.Now()
	for w := range conc {
		wg.Go(func() {
			for {
				i := next.Add(1)
				if i > int64(n) || firstErr.Load() != nil {
					return
				}
				t0 := time.Now()
				_, err := db.ExecContext(ctx, `INSERT INTO bench_raw (id, payload) VALUES ($1, $2)`,
					base+i, payload)
				if err != nil {
					firstErr.CompareAndSwap(nil, err)
					return
				}
				latencies[w] = append(latencies[w], time.Since(t0))
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	if err, _ := firstErr.Load().(error); err != nil {
		return createResult{}, fmt.Errorf("raw inserts: %w", err)
	}
	all := concat(latencies)
	return createResult{concurrency: conc, done: len(all), elapsed: elapsed,
		latency: summarize(all)}, nil
}
