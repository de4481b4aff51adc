package server_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/latchhq/latch/internal/store"
)

// Many grants ending together are each removed exactly once, whichever of
// the sweep and their own expire jobs takes them: short grants, whose jobs
// wait for the end in place, and long ones whose end is moved to now, which
// the sweep takes in batches.
func TestManyGrantsEndingTogether(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOptions{})
	approve := func(n int, expiry string) []string {
		ids := make([]string, n)
		var wg sync.WaitGroup
		for i := range n {
			ids[i] = b.create("alice", "demo/shell").ID
			wg.Add(1)
			go func() {
				defer wg.Done()
				b.do("bob", "POST", "/api/v1/requests/"+ids[i]+"/approve",
					`{"expiry":"`+expiry+`"}`, nil)
			}()
		}
		wg.Wait()
		return ids
	}
	long := approve(30, "1h")
	for _, id := range long {
		b.waitStatus(id, "active")
	}
	ids := append(approve(30, "2s"), long...)
	b.srv.Store().DB().Exec("UPDATE requests SET ends_at = $1 WHERE status = 'active' "+
		"AND ends_at > $1", time.Now().UnixMicro())
	for _, id := range ids {
		r := b.waitStatus(id, "expired")
		if got := strings.Join(kinds(r), " "); got != "requested approved granted ending expired" {
			t.Errorf("%s: history %s", id, got)
		}
	}
	b.removedOnce(ids...)
	if n := b.count("SELECT COUNT(*) FROM river_job WHERE kind = 'remove_batch'"); n == 0 {
		t.Errorf("no batch removal ran: the sweep did not take any grant")
	}
}

// A grant whose removal fails in a batch is handed to a removal of its own,
// which retries it and leaves it errored, never expired.
func TestBatchRemovalFailureErrors(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOptions{maxAttempts: 2})
	os.WriteFile(filepath.Join(b.dir, "remove-fails"), nil, 0o644)
	r := b.create("alice", "demo/shell")
	b.do("bob", "POST", "/api/v1/requests/"+r.ID+"/approve", `{"expiry":"10s"}`, nil)
	b.waitStatus(r.ID, "active")
	// Only the sweep can take this grant before its expire job, which waits
	// until the end: make the end now.
	b.srv.Store().DB().Exec("UPDATE requests SET ends_at = ends_at - 9000000 WHERE id = $1", r.ID)
	got := b.waitStatus(r.ID, "errored")
	k := strings.Join(kinds(got), " ")
	if !strings.Contains(k, "ending removal_failed") || !strings.HasSuffix(k, "errored") {
		t.Errorf("history %s, want the batch's hand-over and then errored", k)
	}
	if n := b.count("SELECT COUNT(*) FROM events WHERE request_id = $1 AND message = $2",
		r.ID, "expire: time is up, removing the access with others ending now"); n != 1 {
		t.Errorf("sweep claims = %d, want 1", n)
	}
}

// A batch whose removals outlast one job's time hands the grants it has not
// reached to a new job, and records what it did as it goes: every grant is
// removed once and expired, none is left revoking.
func TestSlowBatchRemovalContinues(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOptions{})
	// Jobs have 20s; a call may take 5s (the integration's timeout), so the
	// job stops starting calls after about 10s: four rounds of 32 calls of
	// 3s each, of the seven that take 21s.
	os.WriteFile(filepath.Join(b.dir, "remove-slow"), []byte("3"), 0o644)
	const n = 200
	ids := b.loadEnded(n)

	b.waitExpired(n)
	b.removedOnce(ids...)
	if n := b.count("SELECT COUNT(*) FROM river_job WHERE kind = 'remove_batch'"); n < 2 {
		t.Errorf("%d batch jobs, want the first to hand the rest to another", n)
	}
	if n := b.count("SELECT COUNT(*) FROM events WHERE kind = 'removal_failed'"); n != 0 {
		t.Errorf("%d removal failures recorded; no removal failed", n)
	}
	if !strings.Contains(b.logs.String(), "batch removal ran out of time") {
		t.Errorf("no warning that the batch ran out of time")
	}
}

// A store that stalls while a batch is being removed makes it record later,
// not remove anything twice.
func TestBatchRemovalSurvivesAStoreStall(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOptions{})
	os.WriteFile(filepath.Join(b.dir, "remove-slow"), []byte("1"), 0o644)
	const n = 200
	ids := b.loadEnded(n)
	db := b.srv.Store().DB()
	time.Sleep(2500 * time.Millisecond)

	// Hold the store for longer than a record may wait at the end of a job:
	// on SQLite its one writing connection, on PostgreSQL the events table.
	tx, err := db.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if b.srv.Store().Dialect() == store.Postgres {
		if _, err := tx.Exec("LOCK TABLE events IN EXCLUSIVE MODE"); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(6 * time.Second)
	tx.Rollback()

	b.waitExpired(n)
	b.removedOnce(ids...)
}

// loadEnded records n active grants of demo/shell for alice whose end is
// now, so that the sweep takes them before their own expire jobs (due in
// an hour) do.
func (b *bundle) loadEnded(n int) []string {
	b.t.Helper()
	ids, err := b.srv.Service().LoadGrants(context.Background(), "alice@example.com",
		"demo/shell", n, time.Now().Add(time.Hour))
	if err != nil {
		b.t.Fatal(err)
	}
	b.srv.Store().DB().Exec("UPDATE requests SET ends_at = $1 WHERE status = 'active'",
		time.Now().UnixMicro())
	return ids
}

// waitExpired waits up to a minute for n requests to be expired.
func (b *bundle) waitExpired(n int) {
	b.t.Helper()
	const q = "SELECT COUNT(*) FROM requests WHERE status = 'expired'"
	deadline := time.Now().Add(time.Minute)
	for b.count(q) < n {
		if time.Now().After(deadline) {
			b.t.Fatalf("after a minute: %d of %d expired; jobs:\n%s", b.count(q), n, b.jobs())
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// removedOnce checks that the target removed each request's access once.
func (b *bundle) removedOnce(ids ...string) {
	b.t.Helper()
	removed := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(readFile(b.t, b.dir, "remove.log")),
		"\n") {
		removed[strings.Fields(line)[0]]++
	}
	for _, id := range ids {
		if removed[id] != 1 {
			b.t.Errorf("%s removed %d times, want once", id, removed[id])
		}
	}
}

func readFile(t *testing.T, dir, name string) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(fmt.Errorf("read %s: %w", name, err))
	}
	return string(raw)
}
