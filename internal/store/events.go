package store

import (
	"context"
	"fmt"

	"github.com/latchhq/latch/internal/request"
)

const addEventQuery = `
INSERT INTO events (request_id, at, kind, actor, source, from_status, to_status, message)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
RETURNING id`

// AddEvent appends e to its request's history and sets its ID.
func (t *Tx) AddEvent(ctx context.Context, e *request.Event) error {
	err := t.queryRow(ctx, addEventQuery, e.RequestID, micros(e.At), e.Kind, e.Actor,
		string(e.Source), string(e.FromStatus), string(e.ToStatus), e.Message).Scan(&e.ID)
	if err != nil {
		return fmt.Errorf("add %s event to %s: %w", e.Kind, e.RequestID, err)
	}
	return nil
}

// Events returns a request's history, oldest first.
func (s *Store) Events(ctx context.Context, requestID string) ([]request.Event, error) {
	const q = `
SELECT id, request_id, at, kind, actor, source, from_status, to_status, message
FROM events
WHERE request_id = $1
ORDER BY id`
	rows, err := s.rprep.query(ctx, q, requestID)
	if err != nil {
		return nil, fmt.Errorf("events of %s: %w", requestID, err)
	}
	defer rows.Close()
	var out []request.Event
	for rows.Next() {
		var (
			e                request.Event
			at               int64
			source, from, to string
		)
		err := rows.Scan(&e.ID, &e.RequestID, &at, &e.Kind, &e.Actor, &source, &from, &to,
			&e.Message)
		if err != nil {
			return nil, fmt.Errorf("events of %s: %w", requestID, err)
		}
		e.At = fromMicros(at)
		e.Source = request.Source(source)
		e.FromStatus, e.ToStatus = request.Status(from), request.Status(to)
		out = append(out, e)
	}
	return out, rows.Err()
}
