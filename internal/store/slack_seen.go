package store

import (
	"context"
	"fmt"
	"time"
)

// MarkSlackSeen records that the signed Slack call with this signature was
// taken. It reports false when it had been already: the call is a replay,
// since Slack never sends a slash command or a click twice.
func (t *Tx) MarkSlackSeen(ctx context.Context, signature string, at time.Time) (bool, error) {
	const q = `
INSERT INTO slack_seen (signature, seen_at)
VALUES ($1, $2)
ON CONFLICT (signature) DO NOTHING`
	res, err := t.tx.ExecContext(ctx, q, signature, micros(at))
	if err != nil {
		return false, fmt.Errorf("mark slack call seen: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("mark slack call seen: %w", err)
	}
	return n == 1, nil
}

// PruneSlackSeen forgets calls seen before t. A signature is accepted for
// five minutes either side of its timestamp, so anything older than a
// quarter of an hour can go.
func (s *Store) PruneSlackSeen(ctx context.Context, before time.Time) (int64, error) {
	return s.pruneSeen(ctx, "slack_seen", before)
}
