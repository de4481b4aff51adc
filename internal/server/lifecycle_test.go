package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/latchhq/latch/internal/api"
)

func kinds(r api.Request) []string {
	var out []string
	for _, e := range r.Events {
		out = append(out, e.Kind)
	}
	return out
}

func TestGrantAndExpiry(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOptions{})
	r := b.create("alice", "demo/shell")

	var approved api.Request
	code, raw := b.do("bob", "POST", "/api/v1/requests/"+r.ID+"/approve", `{"expiry":"2s"}`,
		&approved)
	if code != http.StatusOK || approved.ApprovedBy != "bob@example.com" {
		t.Fatalf("approve: %d %s", code, raw)
	}
	active := b.waitStatus(r.ID, "active")
	if active.GrantedAt == nil || active.EndsAt.Sub(*active.GrantedAt) != 2*time.Second {
		t.Errorf("grant clock: granted %v ends %v, want 2s apart", active.GrantedAt, active.EndsAt)
	}
	if b.lines("grant") != 1 {
		t.Errorf("grant calls = %d, want 1", b.lines("grant"))
	}

	ended := b.waitStatus(r.ID, "expired")
	if lag := ended.EndedAt.Sub(*ended.EndsAt); lag < 0 || lag > 2*time.Second {
		t.Errorf("removed %v after the end, want within 2s", lag)
	}
	if b.lines("remove") != 1 {
		t.Errorf("remove calls = %d, want 1", b.lines("remove"))
	}
	want := "requested approved granted ending expired"
	if got := strings.Join(kinds(ended), " "); got != want {
		t.Errorf("history = %s, want %s", got, want)
	}
	for _, e := range ended.Events {
		if e.Actor == "" || e.At.IsZero() || e.Source == "" {
			t.Errorf("event without who, when or where: %+v", e)
		}
	}
}

func TestSelfApproval(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		oneParty bool
		want     int
	}{
		{"two-party refuses", false, http.StatusForbidden},
		{"one-party allows", true, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t, setupOptions{oneParty: tt.oneParty})
			r := b.create("bob", "demo/shell")
			before := b.snapshot()
			code, raw := b.do("bob", "POST", "/api/v1/requests/"+r.ID+"/approve",
				`{"expiry":"1h"}`, nil)
			if code != tt.want {
				t.Fatalf("bob approves own: %d %s, want %d", code, raw, tt.want)
			}
			if code == http.StatusForbidden {
				if !strings.Contains(string(raw), "two-party") {
					t.Errorf("error does not say why: %s", raw)
				}
				if after := b.snapshot(); after != before {
					t.Errorf("refused approval changed the store:\n%s\n---\n%s", before, after)
				}
			}
		})
	}
}

func TestConcurrentApprovals(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOptions{approvers: 20})
	r := b.create("alice", "demo/shell")

	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		codes = map[int]int{}
		loser []api.ErrorBody
	)
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code, raw := b.do(fmt.Sprintf("approver%d", i), "POST",
				"/api/v1/requests/"+r.ID+"/approve", `{"expiry":"1h"}`, nil)
			mu.Lock()
			defer mu.Unlock()
			codes[code]++
			if code == http.StatusConflict {
				var e api.ErrorBody
				json.Unmarshal(raw, &e)
				loser = append(loser, e)
			}
		}()
	}
	wg.Wait()
	if codes[http.StatusOK] != 1 || codes[http.StatusConflict] != 19 {
		t.Fatalf("answers = %v, want one 200 and nineteen 409", codes)
	}
	final := b.waitStatus(r.ID, "active")
	for _, e := range loser {
		if e.Error.DecidedBy != final.ApprovedBy || e.Error.DecidedAt == nil {
			t.Errorf("loser told %+v, want decided_by %s with a time", e.Error, final.ApprovedBy)
		}
	}
	if n := b.count("SELECT COUNT(*) FROM events WHERE request_id = $1 AND kind = 'approved'",
		r.ID); n != 1 {
		t.Errorf("approval events = %d, want 1", n)
	}
	if n := b.count("SELECT COUNT(*) FROM river_job WHERE kind = 'provision'"); n != 1 {
		t.Errorf("provision jobs = %d, want 1", n)
	}
	if n := b.count("SELECT COUNT(*) FROM river_job WHERE kind = 'expire'"); n != 1 {
		t.Errorf("scheduled removals = %d, want 1", n)
	}
	if b.lines("grant") != 1 {
		t.Errorf("grants at the target = %d, want 1", b.lines("grant"))
	}
}

func TestEnds(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOptions{})

	// Revoke by an approver.
	r := b.create("alice", "demo/shell")
	b.do("bob", "POST", "/api/v1/requests/"+r.ID+"/approve", `{"expiry":"1h"}`, nil)
	b.waitStatus(r.ID, "active")
	if code, raw := b.do("alice", "POST", "/api/v1/requests/"+r.ID+"/revoke", `{}`,
		nil); code != http.StatusForbidden {
		t.Errorf("requester revokes: %d %s, want 403", code, raw)
	}
	if code, raw := b.do("carol", "POST", "/api/v1/requests/"+r.ID+"/revoke",
		`{"reason":"done"}`, nil); code != http.StatusOK {
		t.Fatalf("revoke: %d %s", code, raw)
	}
	got := b.waitStatus(r.ID, "revoked")
	if got.EndedBy != "carol@example.com" {
		t.Errorf("ended_by = %q, want carol", got.EndedBy)
	}

	// Relinquish by the requester.
	r = b.create("alice", "demo/logs")
	b.do("bob", "POST", "/api/v1/requests/"+r.ID+"/approve", `{"expiry":"1h"}`, nil)
	b.waitStatus(r.ID, "active")
	if code, raw := b.do("bob", "POST", "/api/v1/requests/"+r.ID+"/relinquish", "",
		nil); code != http.StatusForbidden {
		t.Errorf("approver relinquishes another's grant: %d %s, want 403", code, raw)
	}
	b.do("alice", "POST", "/api/v1/requests/"+r.ID+"/relinquish", "", nil)
	b.waitStatus(r.ID, "relinquished")

	// Cancel and deny.
	r = b.create("alice", "demo/shell")
	b.do("alice", "POST", "/api/v1/requests/"+r.ID+"/cancel", "", nil)
	b.waitStatus(r.ID, "canceled")
	r = b.create("alice", "demo/shell")
	b.do("bob", "POST", "/api/v1/requests/"+r.ID+"/deny", `{"reason":"use staging"}`, nil)
	denied := b.waitStatus(r.ID, "denied")
	if last := denied.Events[len(denied.Events)-1]; last.Message != "use staging" {
		t.Errorf("deny event message = %q", last.Message)
	}
	if b.lines("grant") != 2 || b.lines("remove") != 2 {
		t.Errorf("target calls: %d grants, %d removals; want 2 and 2",
			b.lines("grant"), b.lines("remove"))
	}
}

func TestPendingTimesOut(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOptions{sweep: 20 * time.Millisecond})
	// Shorten the window on the running config: the sweep reads it each time.
	b.srv.Service().Config().Approvals.ApprovableWindow = 0
	r := b.create("alice", "demo/shell")
	got := b.waitStatus(r.ID, "timed_out")
	if k := kinds(got); len(k) != 2 || k[1] != "timed_out" {
		t.Errorf("history %v, want requested timed_out: one time-out, however many sweeps", k)
	}
	if code, _ := b.do("bob", "POST", "/api/v1/requests/"+r.ID+"/approve", `{"expiry":"1h"}`,
		nil); code != http.StatusConflict {
		t.Errorf("approving a timed-out request: %d, want 409", code)
	}
}

func TestFailingRemovalErrors(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOptions{maxAttempts: 3})
	fails := filepath.Join(b.dir, "remove-fails")
	os.WriteFile(fails, nil, 0o644)

	r := b.create("alice", "demo/shell")
	b.do("bob", "POST", "/api/v1/requests/"+r.ID+"/approve", `{"expiry":"1s"}`, nil)
	got := b.waitStatus(r.ID, "errored")
	if !strings.Contains(got.Error, "connection refused") {
		t.Errorf("error = %q, want the target's stderr", got.Error)
	}
	if n := strings.Count(strings.Join(kinds(got), " "), "removal_failed"); n != 2 {
		t.Errorf("removal_failed events = %d, want 2 (attempts before the last): %v", n, kinds(got))
	}
	if !strings.Contains(b.logs.String(), `"level":"ERROR","msg":"request errored`) {
		t.Errorf("no error-level log for the errored request")
	}
	if code, _ := b.do("bob", "POST", "/api/v1/requests/"+r.ID+"/retry", "", nil); code != http.StatusForbidden {
		t.Errorf("approver retries: %d, want 403 (admins only)", code)
	}

	os.Remove(fails)
	if code, raw := b.do("dave", "POST", "/api/v1/requests/"+r.ID+"/retry", "", nil); code != http.StatusOK {
		t.Fatalf("admin retries: %d %s", code, raw)
	}
	done := b.waitStatus(r.ID, "expired")
	if k := kinds(done); k[len(k)-1] != "expired" || k[len(k)-2] != "retried" {
		t.Errorf("history ends %v, want ... retried expired", k)
	}
}
