package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/latchhq/latch/internal/request"
)

// liveJobs are the job states that will still run.
const liveJobs = `j.state NOT IN ('completed', 'cancelled', 'discarded')`

// grantJobs are the kinds of job that make or remove one grant. Other jobs
// (a Slack message's update) refer to requests too but finish none.
const grantJobs = `('provision', 'expire', 'remove')`

// heldByJobs is, per dialect, a query of the request ids that a job still
// to run refers to: provisioning, expiry and removal jobs by request_id, a
// batch removal by request_ids. It yields no NULL, which would make NOT IN
// match nothing.
var heldByJobs = map[string]string{
	Postgres: `
SELECT j.args->>'request_id' FROM river_job AS j
WHERE ` + liveJobs + ` AND j.kind IN ` + grantJobs + `
	AND j.args->>'request_id' IS NOT NULL
UNION ALL
SELECT ids.id FROM river_job AS j, jsonb_array_elements_text(j.args->'request_ids') AS ids (id)
WHERE ` + liveJobs + ` AND j.kind = 'remove_batch'`,
	SQLite: `
SELECT json_extract(j.args, '$.request_id') FROM river_job AS j
WHERE ` + liveJobs + ` AND j.kind IN ` + grantJobs + `
	AND json_extract(j.args, '$.request_id') IS NOT NULL
UNION ALL
SELECT ids.value FROM river_job AS j, json_each(j.args, '$.request_ids') AS ids
WHERE ` + liveJobs + ` AND j.kind = 'remove_batch'`,
}

// Orphans returns up to limit requests, oldest first, that are being
// granted or removed (approved or revoking), last changed at or before
// before, and that no job still to run refers to. Every such change is
// written with its job, so an orphan is one whose job gave up without
// recording an end: the store was unreachable through every attempt.
func (s *Store) Orphans(ctx context.Context, before time.Time, limit int) (
	[]request.Request, error) {
	const candidates = `
SELECT 1 FROM requests
WHERE status IN ($1, $2)
	AND updated_at <= $3
LIMIT 1`
	var one int
	err := s.rdb.QueryRowContext(ctx, candidates, request.Approved, request.Revoking,
		micros(before)).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("orphaned requests: %w", err)
	}
	q := selectRequests + fromRequests + `
WHERE r.status IN ($1, $2)
	AND r.updated_at <= $3
	AND r.id NOT IN (` + heldByJobs[s.dialect] + `)
ORDER BY r.seq
LIMIT $4`
	return s.requestsWhere(ctx, "orphaned requests", q, request.Approved, request.Revoking,
		micros(before), limit)
}
