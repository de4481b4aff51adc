package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/latchhq/latch/internal/request"
)

// ErrStale means a request changed since it was read: another caller won.
var ErrStale = errors.New("request changed since it was read")

// selectRequests reads requests (as r) with the permalink of their approval
// message, which scanRequest expects last.
const selectRequests = `SELECT r.seq, r.id, r.version, r.status, r.requester, r.resource,
	r.integration, r.access, r.reason, r.requested_duration_ms, r.approved_duration_ms,
	r.approved_by, r.approved_at, r.denied_by, r.denied_at, r.granted_at, r.ends_at,
	r.end_reason, r.ended_at, r.ended_by, r.error, r.created_at, r.updated_at,
	COALESCE(m.permalink, '')`

// fromRequests joins each request to its approval message, if any.
const fromRequests = `
FROM requests AS r
LEFT JOIN slack_messages AS m ON m.request_id = r.id`

const createRequestQuery = `
INSERT INTO requests (id, status, requester, resource, integration, access, reason,
	requested_duration_ms, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
RETURNING seq`

// CreateRequest inserts r and sets its Seq and Version.
func (t *Tx) CreateRequest(ctx context.Context, r *request.Request) error {
	err := t.queryRow(ctx, createRequestQuery,
		r.ID, r.Status, r.Requester, r.Resource, r.Integration, r.Access, r.Reason,
		r.RequestedDuration.Milliseconds(), micros(r.CreatedAt), micros(r.UpdatedAt),
	).Scan(&r.Seq)
	if err != nil {
		return fmt.Errorf("insert request %s: %w", r.ID, err)
	}
	r.Version = 1
	return nil
}

const updateRequestQuery = `
UPDATE requests SET
	version = version + 1,
	status = $3,
	approved_duration_ms = $4,
	approved_by = $5,
	approved_at = $6,
	denied_by = $7,
	denied_at = $8,
	granted_at = $9,
	ends_at = $10,
	end_reason = $11,
	ended_at = $12,
	ended_by = $13,
	error = $14,
	updated_at = $15
WHERE id = $1
	AND version = $2`

// UpdateRequest writes r's changeable fields if nobody changed the request
// since r was read (its Version), and bumps the version. It returns ErrStale
// when somebody did.
func (t *Tx) UpdateRequest(ctx context.Context, r *request.Request) error {
	res, err := t.exec(ctx, updateRequestQuery, r.ID, r.Version,
		r.Status, r.ApprovedDuration.Milliseconds(), r.ApprovedBy, micros(r.ApprovedAt),
		r.DeniedBy, micros(r.DeniedAt), micros(r.GrantedAt), micros(r.EndsAt),
		r.EndReason, micros(r.EndedAt), r.EndedBy, r.Error, micros(r.UpdatedAt))
	if err != nil {
		return fmt.Errorf("update request %s: %w", r.ID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("update request %s: %w", r.ID, err)
	}
	if n == 0 {
		return ErrStale
	}
	r.Version++
	return nil
}

// GetRequest reads a request inside the transaction.
func (t *Tx) GetRequest(ctx context.Context, id string) (request.Request, error) {
	return getRequest(t.queryRow(ctx, getRequestQuery, id), id)
}

// GetRequest reads a request. An unknown id gives request.ErrNotFound.
func (s *Store) GetRequest(ctx context.Context, id string) (request.Request, error) {
	return getRequest(s.rprep.queryRow(ctx, getRequestQuery, id), id)
}

const getRequestQuery = selectRequests + fromRequests + "\nWHERE r.id = $1"

func getRequest(row *sql.Row, id string) (request.Request, error) {
	r, err := scanRequest(row)
	if errors.Is(err, sql.ErrNoRows) {
		return r, request.NotFound(id)
	}
	if err != nil {
		return r, fmt.Errorf("get request %s: %w", id, err)
	}
	return r, nil
}

// ListRequests returns requests newest first.
func (s *Store) ListRequests(ctx context.Context, f Filter) ([]request.Request, error) {
	var args []any
	q := selectRequests + s.matches(f, &args, true)

	rows, err := s.rdb.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list requests: %w", err)
	}
	defer rows.Close()
	var out []request.Request
	for rows.Next() {
		r, err := scanRequest(rows)
		if err != nil {
			return nil, fmt.Errorf("list requests: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

type scanner interface{ Scan(dest ...any) error }

func scanRequest(sc scanner) (request.Request, error) {
	var (
		r                                                request.Request
		reqMS, apprMS                                    int64
		approvedAt, deniedAt, grantedAt, endsAt, endedAt int64
		createdAt, updatedAt                             int64
		status, endReason                                string
	)
	err := sc.Scan(&r.Seq, &r.ID, &r.Version, &status, &r.Requester, &r.Resource,
		&r.Integration, &r.Access, &r.Reason, &reqMS, &apprMS, &r.ApprovedBy, &approvedAt,
		&r.DeniedBy, &deniedAt, &grantedAt, &endsAt, &endReason, &endedAt, &r.EndedBy,
		&r.Error, &createdAt, &updatedAt, &r.SlackLink)
	if err != nil {
		return r, err
	}
	r.Status = request.Status(status)
	r.EndReason = request.EndReason(endReason)
	r.RequestedDuration = time.Duration(reqMS) * time.Millisecond
	r.ApprovedDuration = time.Duration(apprMS) * time.Millisecond
	r.ApprovedAt, r.DeniedAt = fromMicros(approvedAt), fromMicros(deniedAt)
	r.GrantedAt, r.EndsAt, r.EndedAt = fromMicros(grantedAt), fromMicros(endsAt), fromMicros(endedAt)
	r.CreatedAt, r.UpdatedAt = fromMicros(createdAt), fromMicros(updatedAt)
	return r, nil
}

// micros stores a time; the zero time is 0.
func micros(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}

func fromMicros(us int64) time.Time {
	if us == 0 {
		return time.Time{}
	}
	return time.UnixMicro(us).UTC()
}

// PendingBefore returns up to limit pending requests created at or before
// t, oldest first: those whose approvable window has closed.
func (s *Store) PendingBefore(ctx context.Context, t time.Time, limit int) ([]request.Request, error) {
	const q = selectRequests + fromRequests + `
WHERE r.status = 'pending'
	AND r.created_at <= $1
ORDER BY r.seq
LIMIT $2`
	return s.requestsWhere(ctx, "pending requests", q, micros(t), limit)
}

// requestsWhere reads the requests that q selects.
func (s *Store) requestsWhere(ctx context.Context, what, q string, args ...any) (
	[]request.Request, error) {
	return queryRequests(ctx, s.rdb, what, q, args...)
}

// queryRequests runs q, which returns requests in scanRequest's order, and
// reads them.
func queryRequests(ctx context.Context, db querier, what, q string, args ...any) (
	[]request.Request, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	var out []request.Request
	for rows.Next() {
		r, err := scanRequest(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// ActiveRequesters lists the people who hold an active grant.
func (s *Store) ActiveRequesters(ctx context.Context) ([]string, error) {
	const q = `
SELECT DISTINCT requester
FROM requests
WHERE status = 'active'`
	rows, err := s.rdb.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("active requesters: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var email string
		if err := rows.Scan(&email); err != nil {
			return nil, fmt.Errorf("active requesters: %w", err)
		}
		out = append(out, email)
	}
	return out, rows.Err()
}
