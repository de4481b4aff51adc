package store

import (
	"context"
	"fmt"
	"os"
	"syscall"
)

// ClaimSQLite makes this process the only server of its SQLite store, and
// puts back in the queue any job that a previous server left running when it
// died. With one server per file, a job marked running at start cannot be
// running anywhere: waiting for the queue's stuck-job timeout would only
// delay, say, a removal at expiry. On PostgreSQL it does nothing: replicas
// share the store, and the queue rescues a dead replica's jobs by time.
func (s *Store) ClaimSQLite(ctx context.Context) error {
	if s.dialect != SQLite {
		return nil
	}
	// The lock is on the database file itself, so that every path to it
	// (a symbolic or hard link, a bind mount) meets the same lock. SQLite
	// locks with fcntl, which on Linux is separate from flock.
	f, err := os.OpenFile(s.path, os.O_RDWR, 0)
	if err != nil {
		return fmt.Errorf("lock store: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return fmt.Errorf("another latch server is using %s: run one server per SQLite "+
			"store, or move to PostgreSQL for replicas", s.path)
	}
	s.lock = f

	const q = `
UPDATE river_job
SET state = 'available'
WHERE state = 'running'`
	if _, err := s.db.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("requeue jobs left running: %w", err)
	}
	return nil
}
