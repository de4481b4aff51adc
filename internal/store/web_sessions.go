package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// WebSession is a signed-in dashboard session. ID is the random secret the
// cookie carries; the store keeps only its hash.
type WebSession struct {
	ID        string
	User      string
	CreatedAt time.Time
	// ExpiresAt is the absolute timeout, after which the session is over
	// whatever its cookie says.
	ExpiresAt time.Time
}

// hashSessionID is how a session id is kept and looked up.
func hashSessionID(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:])
}

// CreateWebSession records a new session, and deletes the sessions whose
// absolute timeout has passed by ws.CreatedAt, so the table holds little
// more than the sessions in use.
func (s *Store) CreateWebSession(ctx context.Context, ws WebSession) error {
	const prune = `DELETE FROM web_sessions WHERE expires_at <= $1`
	if _, err := s.db.ExecContext(ctx, prune, micros(ws.CreatedAt)); err != nil {
		return fmt.Errorf("prune web sessions: %w", err)
	}
	const insert = `
INSERT INTO web_sessions (id_hash, user_email, created_at, expires_at)
VALUES ($1, $2, $3, $4)`
	_, err := s.db.ExecContext(ctx, insert, hashSessionID(ws.ID), ws.User,
		micros(ws.CreatedAt), micros(ws.ExpiresAt))
	if err != nil {
		return fmt.Errorf("create web session for %s: %w", ws.User, err)
	}
	return nil
}

// WebSession finds the live session with this id at now; ok is false when
// none has it, because it never existed, was signed out or has expired.
func (s *Store) WebSession(ctx context.Context, id string, now time.Time) (WebSession, bool,
	error) {
	const q = `
SELECT user_email, created_at, expires_at
FROM web_sessions
WHERE id_hash = $1
  AND expires_at > $2`
	ws := WebSession{ID: id}
	var created, expires int64
	err := s.rdb.QueryRowContext(ctx, q, hashSessionID(id), micros(now)).
		Scan(&ws.User, &created, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return WebSession{}, false, nil
	}
	if err != nil {
		return WebSession{}, false, fmt.Errorf("find web session: %w", err)
	}
	ws.CreatedAt, ws.ExpiresAt = fromMicros(created), fromMicros(expires)
	return ws, true, nil
}

// DeleteWebSession ends the session with this id, if there is one.
func (s *Store) DeleteWebSession(ctx context.Context, id string) error {
	const q = `DELETE FROM web_sessions WHERE id_hash = $1`
	if _, err := s.db.ExecContext(ctx, q, hashSessionID(id)); err != nil {
		return fmt.Errorf("delete web session: %w", err)
	}
	return nil
}
