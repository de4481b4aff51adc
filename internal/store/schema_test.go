package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/latchhq/latch/internal/store"
	"github.com/latchhq/latch/internal/testenv"
)

func TestSchemaVersions(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		if err := st.CheckSchema(ctx); !errors.Is(err, store.ErrSchemaOlder) {
			t.Fatalf("empty database: %v, want ErrSchemaOlder", err)
		}
		if err := st.Ready(ctx); err == nil {
			t.Errorf("an empty database is ready")
		}
		if err := st.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if err := st.Ready(ctx); err != nil {
			t.Fatalf("migrated database not ready: %v", err)
		}
		if err := st.Migrate(ctx); err != nil {
			t.Fatalf("migrating twice: %v", err)
		}

		_, known, _ := st.SchemaVersion(ctx)
		_, err := st.DB().ExecContext(ctx,
			`INSERT INTO goose_db_version (version_id, is_applied) VALUES ($1, true)`, known+1)
		if err != nil {
			t.Fatal(err)
		}
		err = st.CheckSchema(ctx)
		if !errors.Is(err, store.ErrSchemaNewer) ||
			!strings.Contains(err.Error(), fmt.Sprint("version ", known+1)) {
			t.Errorf("newer schema: %v, want ErrSchemaNewer naming version %d", err, known+1)
		}
		if err := st.Migrate(ctx); !errors.Is(err, store.ErrSchemaNewer) {
			t.Errorf("migrating a newer schema: %v, want a refusal", err)
		}
	})
}

// Replicas starting together all migrate at once; one does the work and
// none fails.
func TestConcurrentMigrations(t *testing.T) {
	t.Parallel()
	url := emptyURL(t, store.Postgres)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		st := openURL(t, url)
		wg.Go(func() { errs[i] = st.Migrate(context.Background()) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
}

// firstSchema is data as the first schema (migration 00001) holds it, every
// column set.
var firstSchema = []string{
	`INSERT INTO requests (id, version, status, requester, resource, integration, access,
	reason, requested_duration_ms, approved_duration_ms, approved_by, approved_at,
	denied_by, denied_at, granted_at, ends_at, end_reason, ended_at, ended_by, error,
	created_at, updated_at)
VALUES
	('r1', 5, 'expired', 'alice@example.com', 'db/ro', 'db', 'ro', 'incident 42',
	3600000, 1800000, 'bob@example.com', 1700000001000000, '', 0, 1700000002000000,
	1700001802000000, 'expire', 1700001803000000, '', '', 1700000000000000, 1700001803000000),
	('r2', 1, 'pending', 'carol@example.com', 'demo/shell', 'demo', 'shell', 'é ü 日本',
	0, 0, '', 0, '', 0, 0, 0, '', 0, '', '', 1700000005000000, 1700000005000000),
	('r3', 3, 'errored', 'alice@example.com', 'demo/shell', 'demo', 'shell', 'x',
	0, 60000, 'bob@example.com', 1, 'z', 2, 3, 4, 'revoke', 5, 'dave@example.com',
	'connection refused', 6, 7)`,
	`INSERT INTO events (request_id, at, kind, actor, source, from_status, to_status, message)
VALUES
	('r1', 1700000000000000, 'requested', 'alice@example.com', 'cli', '', 'pending', 'm1'),
	('r1', 1700000001000000, 'approved', 'bob@example.com', 'slack', 'pending', 'approved', ''),
	('r2', 1700000005000000, 'comment', 'carol@example.com', 'web', '', '', 'hello')`,
	`INSERT INTO tokens (id, hash, user_email, name, created_at, last_used_at)
VALUES ('t1', 'h1', 'alice@example.com', 'cli', 1700000000000000, 1700000009000000)`,
}

// firstColumns reads every row of the first schema's tables, all its
// columns, as text.
var firstColumns = []string{
	`SELECT seq, id, version, status, requester, resource, integration, access, reason,
	requested_duration_ms, approved_duration_ms, approved_by, approved_at, denied_by,
	denied_at, granted_at, ends_at, end_reason, ended_at, ended_by, error, created_at,
	updated_at FROM requests ORDER BY seq`,
	`SELECT id, request_id, at, kind, actor, source, from_status, to_status, message
	FROM events ORDER BY id`,
	`SELECT id, hash, user_email, name, created_at, last_used_at FROM tokens ORDER BY id`,
}

// Upgrading a database that holds data from the first schema to the current
// one keeps every row and every value.
func TestUpgradeFromFirstSchemaKeepsRows(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		if err := st.MigrateTo(ctx, 1); err != nil {
			t.Fatal(err)
		}
		for _, q := range firstSchema {
			if _, err := st.DB().ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		before := dump(t, st)
		if err := st.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if err := st.CheckSchema(ctx); err != nil {
			t.Fatal(err)
		}
		if after := dump(t, st); after != before {
			t.Errorf("rows changed by the upgrade:\n%s\n---\n%s", before, after)
		}
		if !strings.Contains(before, "日本") || strings.Count(before, "\n") != 7 {
			t.Errorf("seed data not all there:\n%s", before)
		}
		r, err := st.GetRequest(ctx, "r1")
		if err != nil || r.Version != 5 || r.EndsAt.UnixMicro() != 1700001802000000 {
			t.Errorf("r1 after upgrade: %+v %v", r, err)
		}
	})
}

func dump(t *testing.T, st *store.Store) string {
	t.Helper()
	return testenv.Snapshot(t, st.DB(), firstColumns...)
}
