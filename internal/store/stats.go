package store

import (
	"context"
	"fmt"
)

// CountRequests returns how many requests are in each status.
func (s *Store) CountRequests(ctx context.Context) (map[string]int64, error) {
	const q = `
SELECT status, COUNT(*)
FROM requests
GROUP BY status`
	return s.countBy(ctx, q)
}

// CountJobs returns how many jobs wait or run, by the queue's state:
// available, scheduled, retryable or running.
func (s *Store) CountJobs(ctx context.Context) (map[string]int64, error) {
	const q = `
SELECT state, COUNT(*)
FROM river_job
WHERE state IN ('available', 'scheduled', 'retryable', 'running')
GROUP BY state`
	return s.countBy(ctx, q)
}

func (s *Store) countBy(ctx context.Context, q string) (map[string]int64, error) {
	rows, err := s.rdb.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("count: %w", err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var (
			key string
			n   int64
		)
		if err := rows.Scan(&key, &n); err != nil {
			return nil, fmt.Errorf("count: %w", err)
		}
		out[key] = n
	}
	return out, rows.Err()
}
