package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
)

// ErrSchemaNewer means the database was migrated by a newer latch than this
// one: running against it could misread or damage its data.
var ErrSchemaNewer = errors.New("schema is newer than this latch knows")

// ErrSchemaOlder means the database lacks migrations this latch needs.
var ErrSchemaOlder = errors.New("schema is older than this latch needs")

// SchemaVersion is the database's schema version (0 for an empty database)
// and the newest version this build embeds.
func (s *Store) SchemaVersion(ctx context.Context) (current, known int64, err error) {
	known, err = s.knownVersion()
	if err != nil {
		return 0, 0, err
	}
	current, err = s.dbVersion(ctx, s.rdb)
	return current, known, err
}

// CheckSchema returns ErrSchemaNewer or ErrSchemaOlder, wrapped in a message
// that says what to do, unless the schema is exactly the one this latch
// knows.
func (s *Store) CheckSchema(ctx context.Context) error {
	current, known, err := s.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	return compareSchema(current, known)
}

func compareSchema(current, known int64) error {
	switch {
	case current > known:
		return fmt.Errorf("%w: the database is at version %d, this latch knows up to %d: "+
			"run the newer latch, or restore a backup taken before the upgrade",
			ErrSchemaNewer, current, known)
	case current < known:
		return fmt.Errorf("%w: the database is at version %d, this latch needs %d: "+
			"run \"latch migrate --config FILE\" first", ErrSchemaOlder, current, known)
	}
	return nil
}

// Ready checks that the store answers and its schema is the one this latch
// knows.
func (s *Store) Ready(ctx context.Context) error {
	if err := s.db.PingContext(ctx); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return s.CheckSchema(ctx)
}

// knownVersion is the highest migration embedded for this dialect.
func (s *Store) knownVersion() (int64, error) {
	entries, err := fs.ReadDir(migrations, "migrations/"+s.dialect)
	if err != nil {
		return 0, fmt.Errorf("migrations: %w", err)
	}
	var known int64
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		if !ok || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		v, err := strconv.ParseInt(num, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("migration %s: %w", e.Name(), err)
		}
		known = max(known, v)
	}
	return known, nil
}

// dbVersion reads the version goose recorded, without creating its table
// the way goose's own reader would.
func (s *Store) dbVersion(ctx context.Context, q querier) (int64, error) {
	exists := `SELECT to_regclass('goose_db_version') IS NOT NULL`
	if s.dialect == SQLite {
		exists = `SELECT COUNT(*) > 0 FROM sqlite_master WHERE name = 'goose_db_version'`
	}
	var ok bool
	if err := q.QueryRowContext(ctx, exists).Scan(&ok); err != nil {
		return 0, fmt.Errorf("schema version: %w", err)
	}
	if !ok {
		return 0, nil
	}
	var v int64
	err := q.QueryRowContext(ctx,
		`SELECT COALESCE(MAX(version_id), 0) FROM goose_db_version WHERE is_applied`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("schema version: %w", err)
	}
	return v, nil
}

// migrateLock serializes migrations of one schema across replicas starting
// at once: on PostgreSQL it holds a session advisory lock named after the
// current schema until unlock is called. SQLite's single writer needs none.
func (s *Store) migrateLock(ctx context.Context) (unlock func(), err error) {
	if s.dialect == SQLite {
		return func() {}, nil
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("migration lock: %w", err)
	}
	const key = `hashtext('latch migrate ' || current_schema())`
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(`+key+`)`); err != nil {
		conn.Close()
		return nil, fmt.Errorf("migration lock: %w", err)
	}
	return func() {
		conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock(`+key+`)`)
		conn.Close()
	}, nil
}
