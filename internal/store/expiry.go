package store

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/latchhq/latch/internal/request"
)

// Many grants ending together are ended with set-based statements: one
// statement claims a batch, one writes all their events, one records them
// ended. Row by row, a batch of five hundred is a thousand round trips to
// the database, and on PostgreSQL those, not the removals, were most of the
// expiry lag.

// returningRequest reads a request from an UPDATE's RETURNING clause, in
// scanRequest's order. The Slack link is left empty: nothing that ends a
// grant needs it.
const returningRequest = `
RETURNING seq, id, version, status, requester, resource, integration, access, reason,
	requested_duration_ms, approved_duration_ms, approved_by, approved_at, denied_by,
	denied_at, granted_at, ends_at, end_reason, ended_at, ended_by, error, created_at,
	updated_at, ''`

// idSet is a subquery whose column id holds the ids in one parameter, a
// JSON array: the statement stays the same whatever the number of ids.
func idSet(dialect, param string) string {
	if dialect == Postgres {
		return "SELECT jsonb_array_elements_text(" + param + "::jsonb) AS id"
	}
	return "SELECT value AS id FROM json_each(" + param + ")"
}

func jsonIDs(ids []string) (string, error) {
	b, err := json.Marshal(ids)
	return string(b), err
}

// ClaimEnded moves up to limit active grants whose end is at or before now
// to revoking, to expire them, soonest end first, version by version as
// UpdateRequest does, and returns them as they now are. On PostgreSQL a
// grant that another transaction is changing is skipped: that transaction
// (a revoke, or another replica's claim) decides it.
func (t *Tx) ClaimEnded(ctx context.Context, now time.Time, limit int) (
	[]request.Request, error) {
	lock := ""
	if t.dialect == Postgres {
		lock = "\n\tFOR UPDATE SKIP LOCKED"
	}
	// The claim is chosen once, in a materialized CTE: as a subquery of the
	// UPDATE, PostgreSQL may run it again and update more than limit rows.
	q := `
WITH ended AS MATERIALIZED (
	SELECT id FROM requests
	WHERE status = $5
		AND ends_at <= $1
	ORDER BY ends_at
	LIMIT $2` + lock + `
)
UPDATE requests SET
	version = version + 1,
	status = $3,
	end_reason = $4,
	updated_at = $1
WHERE status = $5
	AND id IN (SELECT id FROM ended)` + returningRequest
	rs, err := queryRequests(ctx, t.tx, "claim ended grants", q, micros(now), limit,
		request.Revoking, request.EndExpire, request.Active)
	slices.SortFunc(rs, func(a, b request.Request) int {
		return cmp.Or(a.EndsAt.Compare(b.EndsAt), cmp.Compare(a.Seq, b.Seq))
	})
	return rs, err
}

// EndRevoking moves the requests of ids from revoking to status (how they
// ended) at now and returns them as they now are. It fails with ErrStale,
// changing none, when any of them is no longer revoking.
func (t *Tx) EndRevoking(ctx context.Context, ids []string, status request.Status,
	now time.Time) ([]request.Request, error) {
	set, err := jsonIDs(ids)
	if err != nil {
		return nil, err
	}
	q := `
UPDATE requests SET
	version = version + 1,
	status = $2,
	ended_at = $3,
	updated_at = $3
WHERE status = $4
	AND id IN (` + idSet(t.dialect, "$1") + `)` + returningRequest
	rs, err := queryRequests(ctx, t.tx, "end revoking grants", q, set, status, micros(now),
		request.Revoking)
	if err != nil {
		return nil, err
	}
	if len(rs) != len(ids) {
		return nil, fmt.Errorf("end %d revoking grants, %d still revoking: %w", len(ids),
			len(rs), ErrStale)
	}
	return rs, nil
}

// AddEventToEach appends a copy of e to the history of each request of ids,
// in one statement, and returns the copies with their IDs, in the order of
// ids.
func (t *Tx) AddEventToEach(ctx context.Context, e request.Event, ids []string) (
	[]request.Event, error) {
	set, err := jsonIDs(ids)
	if err != nil {
		return nil, err
	}
	q := `
INSERT INTO events (request_id, at, kind, actor, source, from_status, to_status, message)
SELECT ids.id, $2, $3, $4, $5, $6, $7, $8
FROM (` + idSet(t.dialect, "$1") + `) AS ids
RETURNING id, request_id`
	rows, err := t.tx.QueryContext(ctx, q, set, micros(e.At), e.Kind, e.Actor,
		string(e.Source), string(e.FromStatus), string(e.ToStatus), e.Message)
	if err != nil {
		return nil, fmt.Errorf("add %s events: %w", e.Kind, err)
	}
	defer rows.Close()
	idOf := make(map[string]int64, len(ids))
	for rows.Next() {
		var (
			id  int64
			req string
		)
		if err := rows.Scan(&id, &req); err != nil {
			return nil, fmt.Errorf("add %s events: %w", e.Kind, err)
		}
		idOf[req] = id
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("add %s events: %w", e.Kind, err)
	}
	out := make([]request.Event, len(ids))
	for i, id := range ids {
		out[i] = e
		out[i].RequestID, out[i].ID = id, idOf[id]
		if out[i].ID == 0 {
			return nil, fmt.Errorf("add %s event to %s: not written", e.Kind, id)
		}
	}
	return out, nil
}

// RevokingClaimedBy returns the requests of ids that are revoking and whose
// last status change is still the claim: an event of kind with message.
func (s *Store) RevokingClaimedBy(ctx context.Context, ids []string, kind,
	message string) ([]request.Request, error) {
	set, err := jsonIDs(ids)
	if err != nil {
		return nil, err
	}
	q := selectRequests + fromRequests + `
JOIN events AS e ON e.id = (SELECT MAX(id) FROM events
	WHERE request_id = r.id
		AND to_status <> '')
WHERE r.id IN (` + idSet(s.dialect, "$1") + `)
	AND r.status = $2
	AND e.kind = $3
	AND e.message = $4
ORDER BY r.seq`
	return s.requestsWhere(ctx, "claimed grants", q, set, request.Revoking, kind, message)
}
