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

// heldBy is, per dialect, a query of the request ids that a job of one of
// kinds, still to run, refers to by request_id. It yields no NULL, which
// would make NOT IN match nothing.
func heldBy(dialect, kinds string) string {
	if dialect == Postgres {
		return `
SELECT j.args->>'request_id' FROM river_job AS j
WHERE ` + liveJobs + ` AND j.kind IN ` + kinds + `
	AND j.args->>'request_id' IS NOT NULL`
	}
	return `
SELECT json_extract(j.args, '$.request_id') FROM river_job AS j
WHERE ` + liveJobs + ` AND j.kind IN ` + kinds + `
	AND json_extract(j.args, '$.request_id') IS NOT NULL`
}

// heldByBatch is, per dialect, a query of the request ids that a batch
// removal still to run refers to.
var heldByBatch = map[string]string{
	Postgres: `
SELECT ids.id FROM river_job AS j, jsonb_array_elements_text(j.args->'request_ids') AS ids (id)
WHERE ` + liveJobs + ` AND j.kind = 'remove_batch'`,
	SQLite: `
SELECT ids.value FROM river_job AS j, json_each(j.args, '$.request_ids') AS ids
WHERE ` + liveJobs + ` AND j.kind = 'remove_batch'`,
}

// Orphans returns up to limit requests, oldest first, that are being
// granted or removed (approved or revoking), last changed at or before
// before, and that no job still to run will finish: a provisioning or
// removal job, a batch removal, or an expire job when the request is
// ending by expiry (for a grant revoked before its end, the expire job
// still waiting for that end will leave it alone). Every such change is
// written with its job, so an orphan is one whose job gave up without
// recording an end: the store was unreachable through every attempt. Jobs
// that only tell of a request (a Slack message's update) finish nothing.
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
	AND r.id NOT IN (` + heldBy(s.dialect, "('provision', 'remove')") + `
		UNION ALL` + heldByBatch[s.dialect] + `)
	AND NOT (r.end_reason = $5
		AND r.id IN (` + heldBy(s.dialect, "('expire')") + `))
ORDER BY r.seq
LIMIT $4`
	return s.requestsWhere(ctx, "orphaned requests", q, request.Approved, request.Revoking,
		micros(before), limit, request.EndExpire)
}
