package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Token is an API token's record. The secret itself is never stored, only
// its hash.
type Token struct {
	ID        string
	Hash      string
	User      string
	Name      string
	CreatedAt time.Time
}

// CreateToken stores a token record.
func (s *Store) CreateToken(ctx context.Context, t Token) error {
	const q = `
INSERT INTO tokens (id, hash, user_email, name, created_at)
VALUES ($1, $2, $3, $4, $5)`
	_, err := s.db.ExecContext(ctx, q, t.ID, t.Hash, t.User, t.Name, micros(t.CreatedAt))
	if err != nil {
		return fmt.Errorf("create token for %s: %w", t.User, err)
	}
	return nil
}

// TokenByHash finds the token with this hash; ok is false when none has it.
func (s *Store) TokenByHash(ctx context.Context, hash string) (Token, bool, error) {
	const q = `
SELECT id, hash, user_email, name, created_at
FROM tokens
WHERE hash = $1`
	var (
		t       Token
		created int64
	)
	err := s.rprep.queryRow(ctx, q, hash).Scan(&t.ID, &t.Hash, &t.User, &t.Name, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return t, false, nil
	}
	if err != nil {
		return t, false, fmt.Errorf("find token: %w", err)
	}
	t.CreatedAt = fromMicros(created)
	return t, true, nil
}

// Tokens lists every token record, oldest first.
func (s *Store) Tokens(ctx context.Context) ([]Token, error) {
	const q = `
SELECT id, hash, user_email, name, created_at
FROM tokens
ORDER BY created_at, id`
	rows, err := s.rdb.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		var (
			t       Token
			created int64
		)
		if err := rows.Scan(&t.ID, &t.Hash, &t.User, &t.Name, &created); err != nil {
			return nil, fmt.Errorf("list tokens: %w", err)
		}
		t.CreatedAt = fromMicros(created)
		out = append(out, t)
	}
	return out, rows.Err()
}

// DeleteToken removes a token so that it no longer authenticates; ok is
// false when no token has this id.
func (s *Store) DeleteToken(ctx context.Context, id string) (bool, error) {
	res, err := s.db.ExecContext(ctx, "DELETE FROM tokens WHERE id = $1", id)
	if err != nil {
		return false, fmt.Errorf("delete token %s: %w", id, err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}
