package server_test

import (
	"context"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/latchhq/latch/internal/api"
	"github.com/latchhq/latch/internal/config"
	"github.com/latchhq/latch/internal/server"
)

// A revoke that races the expiry ends the grant once: one removal call at
// the target for each request, whichever end wins.
func TestRevokeRacingExpiryRemovesOnce(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOptions{})
	offsets := []time.Duration{-30, -10, -3, 0, 3, 10, 30}
	done := make(chan string, len(offsets))
	for _, off := range offsets {
		r := b.create("alice", "demo/shell")
		b.do("bob", "POST", "/api/v1/requests/"+r.ID+"/approve", `{"expiry":"2s"}`, nil)
		active := b.waitStatus(r.ID, "active")
		go func() {
			time.Sleep(time.Until(active.EndsAt.Add(off * time.Millisecond)))
			b.do("carol", "POST", "/api/v1/requests/"+r.ID+"/revoke", "", nil)
			done <- r.ID
		}()
	}
	for range offsets {
		id := <-done
		deadline := time.Now().Add(10 * time.Second)
		for {
			var r api.Request
			b.do("dave", "GET", "/api/v1/requests/"+id, "", &r)
			if r.Status == "revoked" || r.Status == "expired" {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("request %s still %s", id, r.Status)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	if got := b.lines("remove"); got != len(offsets) {
		t.Errorf("removal calls = %d for %d grants, want one each", got, len(offsets))
	}
}

// A requester who has left the directory gets no access, even when their
// request was made before they left, and loses the access they held.
func TestRequesterLeftDirectory(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOptions{})
	held := b.create("alice", "demo/logs")
	b.do("bob", "POST", "/api/v1/requests/"+held.ID+"/approve", `{"expiry":"1h"}`, nil)
	b.waitStatus(held.ID, "active")
	r := b.create("alice", "demo/shell")
	cfg := b.srv.Service().Config()
	var kept []config.User
	for _, u := range cfg.Directory.Users {
		if u.Email != "alice@example.com" {
			kept = append(kept, u)
		}
	}
	cfg.Directory.Users = kept

	before := b.snapshot()
	code, raw := b.do("bob", "POST", "/api/v1/requests/"+r.ID+"/approve", `{"expiry":"1h"}`, nil)
	if code != http.StatusUnprocessableEntity || !strings.Contains(string(raw), "no longer in the directory") {
		t.Fatalf("approving for a departed requester: %d %s, want 422", code, raw)
	}
	if after := b.snapshot(); after != before && !strings.Contains(after, "revoking") &&
		!strings.Contains(after, "revoked") {
		t.Errorf("refused approval changed the store")
	}

	// The grant she held is revoked by latch, with the reason.
	ended := b.waitStatus(held.ID, "revoked")
	if ended.EndedBy != "latch" || !strings.Contains(ended.Events[len(ended.Events)-2].Message,
		"no longer in the directory") {
		t.Errorf("departed requester's grant ended by %q: %+v", ended.EndedBy, ended.Events)
	}
}

// An errored request can be ended by an approver, and a requester does not
// see the target system's error text while approvers do.
func TestErroredRequestCanBeRevoked(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOptions{maxAttempts: 2})
	fails := filepath.Join(b.dir, "remove-fails")
	os.WriteFile(fails, nil, 0o644)
	r := b.create("alice", "demo/shell")
	b.do("bob", "POST", "/api/v1/requests/"+r.ID+"/approve", `{"expiry":"1s"}`, nil)
	b.waitStatus(r.ID, "errored")

	var mine, theirs api.Request
	b.do("alice", "GET", "/api/v1/requests/"+r.ID, "", &mine)
	b.do("bob", "GET", "/api/v1/requests/"+r.ID, "", &theirs)
	if strings.Contains(mine.Error, "10.0.0.1") || !strings.Contains(theirs.Error, "10.0.0.1") {
		t.Errorf("error text: requester sees %q, approver sees %q", mine.Error, theirs.Error)
	}

	os.Remove(fails)
	if code, raw := b.do("bob", "POST", "/api/v1/requests/"+r.ID+"/revoke", `{"reason":"stop"}`,
		nil); code != http.StatusOK {
		t.Fatalf("revoke errored: %d %s", code, raw)
	}
	b.waitStatus(r.ID, "revoked")
}

// Two servers on one SQLite file would both run jobs; the second refuses.
func TestOneServerPerSQLiteStore(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOptions{})
	cfg, err := config.LoadWith(filepath.Join(b.dir, "latch.yaml"), func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	_, err = server.New(context.Background(), cfg, slog.New(slog.DiscardHandler), server.Options{})
	if err == nil || !strings.Contains(err.Error(), "another latch server") {
		t.Fatalf("second server: %v, want a refusal", err)
	}
}

// Another path to the same SQLite file meets the same lock.
func TestOneServerPerSQLiteStoreThroughALink(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOptions{})
	link := filepath.Join(t.TempDir(), "alias.db")
	if err := os.Symlink(filepath.Join(b.dir, "latch.db"), link); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.LoadWith(filepath.Join(b.dir, "latch.yaml"), func(k string) string {
		if k == "LATCH_STORE" {
			return "sqlite:" + link
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = server.New(context.Background(), cfg, slog.New(slog.DiscardHandler), server.Options{})
	if err == nil || !strings.Contains(err.Error(), "another latch server") {
		t.Fatalf("second server through a symbolic link: %v, want a refusal", err)
	}
}

// A grant still being made can be stopped: revoked while its attempts fail,
// or while the target is granting it, it ends revoked, and the target's last
// word on it is a removal.
func TestRevokeWhileGranting(t *testing.T) {
	t.Parallel()
	for _, flag := range []string{"grant-fails", "grant-slow"} {
		t.Run(flag, func(t *testing.T) {
			t.Parallel()
			b := setup(t, setupOptions{maxAttempts: 8})
			os.WriteFile(filepath.Join(b.dir, flag), nil, 0o644)
			r := b.create("alice", "demo/shell")
			b.do("bob", "POST", "/api/v1/requests/"+r.ID+"/approve", `{"expiry":"1h"}`, nil)
			time.Sleep(300 * time.Millisecond) // the first attempt is under way or failed
			var got api.Request
			code, raw := b.do("carol", "POST", "/api/v1/requests/"+r.ID+"/revoke",
				`{"reason":"wrong person"}`, &got)
			if code != http.StatusOK {
				t.Fatalf("revoke while approved: %d %s", code, raw)
			}
			os.Remove(filepath.Join(b.dir, flag))
			b.waitStatus(r.ID, "revoked")
			time.Sleep(1500 * time.Millisecond) // let a late grant land, if any
			if b.lines("grant") > 0 {
				actions := strings.Split(strings.TrimSpace(readFile(t, b.dir, "actions.log")),
					"\n")
				if last := actions[len(actions)-1]; last != "remove "+r.ID {
					t.Errorf("the target's last call was %q, want a removal: %v", last, actions)
				}
			}
			var final api.Request
			b.do("dave", "GET", "/api/v1/requests/"+r.ID, "", &final)
			if final.Status != "revoked" {
				t.Errorf("status %s after the grant settled, want revoked", final.Status)
			}
		})
	}
}

// A failed grant is cleaned up before the request is errored, so that an
// admin's retry cannot be undone by a clean-up landing after its grant.
func TestRetryAfterFailedGrantKeepsTheAccess(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOptions{maxAttempts: 1})
	os.WriteFile(filepath.Join(b.dir, "grant-fails"), nil, 0o644)
	os.WriteFile(filepath.Join(b.dir, "remove-slow"), []byte("1"), 0o644)
	r := b.create("alice", "demo/shell")
	b.do("bob", "POST", "/api/v1/requests/"+r.ID+"/approve", `{"expiry":"1h"}`, nil)
	b.waitStatus(r.ID, "errored")
	os.Remove(filepath.Join(b.dir, "grant-fails"))
	if code, raw := b.do("dave", "POST", "/api/v1/requests/"+r.ID+"/retry", "", nil); code != 200 {
		t.Fatalf("retry: %d %s", code, raw)
	}
	b.waitStatus(r.ID, "active")
	time.Sleep(1500 * time.Millisecond) // a late clean-up would have landed by now
	got := b.waitStatus(r.ID, "active")
	k := strings.Join(kinds(got), " ")
	if !strings.HasSuffix(k, "cleaned_up errored retried granted") {
		t.Errorf("history %s, want the clean-up before errored, then the retry's grant", k)
	}
	var last string
	for _, line := range strings.Split(strings.TrimSpace(readFile(t, b.dir, "actions.log")), "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[1] == r.ID {
			last = f[0]
		}
	}
	if last != "grant" {
		t.Errorf("the target's last call for %s is %q, want grant: the access is gone", r.ID, last)
	}
}
