package server_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
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
	removed := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(readFile(t, b.dir, "remove.log")), "\n") {
		removed[strings.Fields(line)[0]]++
	}
	for _, id := range ids {
		if removed[id] != 1 {
			t.Errorf("%s removed %d times, want once", id, removed[id])
		}
	}
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

func readFile(t *testing.T, dir, name string) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(fmt.Errorf("read %s: %w", name, err))
	}
	return string(raw)
}
