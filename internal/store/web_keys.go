package store

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
)

// WebSessionKey returns the dashboard's session key kept in the store,
// generating and saving 64 random bytes the first time. Replicas that start
// together agree on one key: the first insert wins and every one reads it.
func (s *Store) WebSessionKey(ctx context.Context) ([]byte, error) {
	var b [64]byte
	rand.Read(b[:])
	const insert = `
INSERT INTO web_secrets (name, value)
VALUES ('session_key', $1)
ON CONFLICT (name) DO NOTHING`
	if _, err := s.db.ExecContext(ctx, insert, base64.StdEncoding.EncodeToString(b[:])); err != nil {
		return nil, fmt.Errorf("save web session key: %w", err)
	}
	var v string
	const read = `SELECT value FROM web_secrets WHERE name = 'session_key'`
	if err := s.db.QueryRowContext(ctx, read).Scan(&v); err != nil {
		return nil, fmt.Errorf("read web session key: %w", err)
	}
	key, err := base64.StdEncoding.DecodeString(v)
	if err != nil {
		return nil, fmt.Errorf("read web session key: %w", err)
	}
	return key, nil
}
