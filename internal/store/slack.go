package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// SlackMessage is where a request's approval message was posted.
type SlackMessage struct {
	RequestID string
	Channel   string
	TS        string
	// Permalink is the message's address in Slack; empty when Slack did not
	// give one.
	Permalink string
	PostedAt  time.Time
}

// SaveSlackMessage records the approval message of a request. A request has
// at most one: a second save for it fails.
func (t *Tx) SaveSlackMessage(ctx context.Context, m SlackMessage) error {
	const q = `
INSERT INTO slack_messages (request_id, channel, ts, permalink, posted_at)
VALUES ($1, $2, $3, $4, $5)`
	_, err := t.tx.ExecContext(ctx, q, m.RequestID, m.Channel, m.TS, m.Permalink,
		micros(m.PostedAt))
	if err != nil {
		return fmt.Errorf("save slack message of %s: %w", m.RequestID, err)
	}
	return nil
}

// SetSlackPermalink records the permalink of a request's approval message,
// for a message saved without one.
func (s *Store) SetSlackPermalink(ctx context.Context, requestID, permalink string) error {
	const q = `
UPDATE slack_messages SET
	permalink = $2
WHERE request_id = $1`
	if _, err := s.db.ExecContext(ctx, q, requestID, permalink); err != nil {
		return fmt.Errorf("set slack permalink of %s: %w", requestID, err)
	}
	return nil
}

// SlackMessage returns a request's approval message; ok is false when none
// was posted yet.
func (s *Store) SlackMessage(ctx context.Context, requestID string) (SlackMessage, bool, error) {
	const q = `
SELECT request_id, channel, ts, permalink, posted_at
FROM slack_messages
WHERE request_id = $1`
	return s.slackMessage(ctx, q, requestID)
}

// SlackMessageAt returns the approval message posted at ts in channel,
// which a thread reply names as its parent.
func (s *Store) SlackMessageAt(ctx context.Context, channel, ts string) (SlackMessage, bool,
	error) {
	const q = `
SELECT request_id, channel, ts, permalink, posted_at
FROM slack_messages
WHERE channel = $1
	AND ts = $2`
	return s.slackMessage(ctx, q, channel, ts)
}

func (s *Store) slackMessage(ctx context.Context, q string, args ...any) (SlackMessage, bool,
	error) {
	var (
		m      SlackMessage
		posted int64
	)
	err := s.rdb.QueryRowContext(ctx, q, args...).Scan(&m.RequestID, &m.Channel, &m.TS, &m.Permalink,
		&posted)
	if errors.Is(err, sql.ErrNoRows) {
		return m, false, nil
	}
	if err != nil {
		return m, false, fmt.Errorf("find slack message: %w", err)
	}
	m.PostedAt = fromMicros(posted)
	return m, true, nil
}

// MarkSlackEvent records that the Events API delivery with this id was
// taken. It reports false when it had been already, so that Slack's retries
// of a delivery are ignored.
func (t *Tx) MarkSlackEvent(ctx context.Context, eventID string, at time.Time) (bool, error) {
	const q = `
INSERT INTO slack_events (event_id, seen_at)
VALUES ($1, $2)
ON CONFLICT (event_id) DO NOTHING`
	res, err := t.tx.ExecContext(ctx, q, eventID, micros(at))
	if err != nil {
		return false, fmt.Errorf("mark slack event %s: %w", eventID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("mark slack event %s: %w", eventID, err)
	}
	return n == 1, nil
}

// PruneSlackEvents forgets deliveries seen before t. Slack retries a
// delivery for minutes, not days, so a day's worth is plenty.
func (s *Store) PruneSlackEvents(ctx context.Context, before time.Time) (int64, error) {
	return s.pruneSeen(ctx, "slack_events", before)
}

// pruneSeen deletes the rows of table, one of the Slack deduplication
// tables, seen before t.
func (s *Store) pruneSeen(ctx context.Context, table string, before time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, "DELETE FROM "+table+" WHERE seen_at < $1",
		micros(before))
	if err != nil {
		return 0, fmt.Errorf("prune %s: %w", table, err)
	}
	return res.RowsAffected()
}
