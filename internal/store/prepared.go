package store

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"
)

// prepared keeps one prepared statement per query text for a pool, so that
// the hot statements are parsed once per connection rather than on every
// call: the SQLite driver prepares each statement afresh otherwise, and
// parsing was a third of the CPU of a status change.
type prepared struct {
	db     *sql.DB
	warmed atomic.Bool
	mu     sync.Mutex
	m      map[string]*sql.Stmt
}

func newPrepared(db *sql.DB) *prepared {
	return &prepared{db: db, m: make(map[string]*sql.Stmt)}
}

// lookup returns q's statement if it has been prepared.
func (p *prepared) lookup(q string) (*sql.Stmt, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	st, ok := p.m[q]
	return st, ok
}

// stmt returns the statement for q, preparing it on first use. It must not
// be called inside a transaction of the same pool: preparing takes a
// connection, and SQLite's writing pool has only the one.
func (p *prepared) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if st, ok := p.lookup(q); ok {
		return st, nil
	}
	st, err := p.db.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if had, ok := p.m[q]; ok {
		st.Close()
		return had, nil
	}
	p.m[q] = st
	return st, nil
}

// warm prepares the statements that transactions use, once, before the
// first transaction that finds them all preparable (the schema must exist).
func (p *prepared) warm(ctx context.Context, queries []string) {
	if p.warmed.Load() {
		return
	}
	for _, q := range queries {
		if _, err := p.stmt(ctx, q); err != nil {
			return
		}
	}
	p.warmed.Store(true)
}

// close closes every statement.
func (p *prepared) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for q, st := range p.m {
		st.Close()
		delete(p.m, q)
	}
}

// queryRow runs q outside any transaction, through its prepared statement.
func (p *prepared) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	st, err := p.stmt(ctx, q)
	if err != nil {
		return p.db.QueryRowContext(ctx, q, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// query runs q outside any transaction, through its prepared statement.
func (p *prepared) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	st, err := p.stmt(ctx, q)
	if err != nil {
		return p.db.QueryContext(ctx, q, args...)
	}
	return st.QueryContext(ctx, args...)
}

// txQueries are prepared before the first transaction: inside one, a
// statement cannot be prepared on the pool without a second connection.
var txQueries = []string{createRequestQuery, updateRequestQuery, getRequestQuery,
	addEventQuery}

// stmt returns q's prepared statement bound to the transaction, or nil when
// it was not prepared. database/sql reuses the statement already prepared on
// the transaction's connection.
func (t *Tx) stmt(ctx context.Context, q string) *sql.Stmt {
	st, ok := t.prep.lookup(q)
	if !ok {
		return nil
	}
	return t.tx.StmtContext(ctx, st)
}

func (t *Tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	if st := t.stmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, q, args...)
}

func (t *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if st := t.stmt(ctx, q); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return t.tx.ExecContext(ctx, q, args...)
}
