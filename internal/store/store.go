// Package store keeps requests, their events and API tokens in SQLite or
// PostgreSQL, through database/sql. The same SQL serves both: placeholders
// are $N, times are integer microseconds, durations integer milliseconds.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/pressly/goose/v3"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations
var migrations embed.FS

// Dialects.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// Store is latch's database.
type Store struct {
	dialect string
	// db takes every write. On SQLite it is one connection, which is how
	// SQLite wants writers; the job queue shares it.
	db *sql.DB
	// rdb serves reads outside transactions. On SQLite it is a separate pool
	// of read-only connections that WAL lets run beside the writer.
	rdb *sql.DB
	// wprep and rprep hold prepared statements for db and rdb.
	wprep, rprep *prepared
	// path is the SQLite file; lock is held while this process serves it.
	path string
	lock *os.File
}

// Open connects to the store named by url: "sqlite:PATH" or a PostgreSQL URL.
// It does not change the schema; call Migrate for that.
func Open(ctx context.Context, url string) (*Store, error) {
	var (
		s   *Store
		err error
	)
	switch {
	case strings.HasPrefix(url, "sqlite:"):
		s, err = openSQLite(strings.TrimPrefix(url, "sqlite:"))
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		s, err = openPostgres(url)
	default:
		return nil, fmt.Errorf("open store: unknown store %q: use sqlite:PATH or postgres://...",
			redact(url))
	}
	if err != nil {
		return nil, err
	}
	if err := s.db.PingContext(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("open store: %w", err)
	}
	s.wprep, s.rprep = newPrepared(s.db), newPrepared(s.rdb)
	if s.rdb == s.db {
		s.rprep = s.wprep
	}
	return s, nil
}

func openSQLite(path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("open store: sqlite: needs a file path, as in sqlite:./latch.db")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("open store: %w", err)
		}
	}
	pragmas := "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
		"&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)"
	db, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	db.SetMaxOpenConns(1)
	rdb, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_pragma=query_only(1)")
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open store: %w", err)
	}
	rdb.SetMaxOpenConns(4)
	return &Store{dialect: SQLite, db: db, rdb: rdb, path: path}, nil
}

func openPostgres(url string) (*Store, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("open store: %s", redact(err.Error()))
	}
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(20)
	return &Store{dialect: Postgres, db: db, rdb: db}, nil
}

// redact hides the password of any URL in s.
func redact(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// Close closes the connections.
func (s *Store) Close() error {
	if s.wprep != nil {
		s.wprep.close()
		s.rprep.close()
	}
	err := s.db.Close()
	if s.rdb != s.db {
		err = errors.Join(err, s.rdb.Close())
	}
	if s.lock != nil {
		err = errors.Join(err, s.lock.Close())
	}
	return err
}

// Dialect is SQLite or Postgres.
func (s *Store) Dialect() string { return s.dialect }

// DB is the writing pool, which the job queue shares.
func (s *Store) DB() *sql.DB { return s.db }

// ReadDB is the pool for reads outside transactions. On SQLite it runs
// beside the one writing connection instead of waiting for it.
func (s *Store) ReadDB() *sql.DB { return s.rdb }

// JobDriver is the job queue's driver for this store.
func (s *Store) JobDriver() riverdriver.Driver[*sql.Tx] {
	if s.dialect == SQLite {
		return riversqlite.New(s.db)
	}
	return riverdatabasesql.New(s.db)
}

// Migrate brings latch's schema and the job queue's schema up to date. It
// refuses a schema newer than this latch knows. Replicas starting together
// take turns: the first migrates, the others find nothing left to do.
func (s *Store) Migrate(ctx context.Context) error {
	_, known, err := s.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	return s.MigrateTo(ctx, known)
}

// MigrateTo applies latch's migrations up to version, then the job queue's.
// Tests use it to build a database as an older latch left it.
func (s *Store) MigrateTo(ctx context.Context, version int64) error {
	unlock, err := s.migrateLock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	current, known, err := s.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if current > known {
		return fmt.Errorf("migrate store: %w", compareSchema(current, known))
	}
	p, err := s.migrator()
	if err != nil {
		return err
	}
	if _, err := p.UpTo(ctx, version); err != nil {
		return fmt.Errorf("migrate store: %w", err)
	}
	jm, err := rivermigrate.New(s.JobDriver(), nil)
	if err != nil {
		return fmt.Errorf("migrate job queue: %w", err)
	}
	if _, err := jm.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("migrate job queue: %w", err)
	}
	return nil
}

func (s *Store) migrator() (*goose.Provider, error) {
	dir, err := fs.Sub(migrations, "migrations/"+s.dialect)
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	dialect := goose.DialectPostgres
	if s.dialect == SQLite {
		dialect = goose.DialectSQLite3
	}
	p, err := goose.NewProvider(dialect, s.db, dir)
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	return p, nil
}

// Tx is one store transaction. Every status change, its event and the jobs
// it needs are written through one Tx.
type Tx struct {
	tx      *sql.Tx
	prep    *prepared
	dialect string
}

// SQL is the underlying transaction, for enqueuing jobs in it.
func (t *Tx) SQL() *sql.Tx { return t.tx }

// InTx runs fn in a transaction, committing when it returns nil.
func (s *Store) InTx(ctx context.Context, fn func(*Tx) error) error {
	s.wprep.warm(ctx, txQueries)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(&Tx{tx: tx, prep: s.wprep, dialect: s.dialect}); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}
