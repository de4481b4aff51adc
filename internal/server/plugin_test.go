package server_test

import (
	"context"
	"net/http"
	"sync"
	"testing"

	"github.com/riverqueue/river"

	"github.com/latchhq/latch/internal/lifecycle"
	"github.com/latchhq/latch/internal/request"
)

// recorder is a plugin that notes every event it hears of.
type recorder struct {
	mu     sync.Mutex
	events []int64
}

func (*recorder) AddWorkers(*river.Workers) {}

func (p *recorder) Recorded(_ context.Context, _ lifecycle.Enqueuer, _ request.Request,
	e request.Event) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.events = append(p.events, e.ID)
	return nil
}

// Plugins hear of every event, whichever path wrote it.
func TestPluginsHearEveryEvent(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	b := setup(t, setupOptions{plugins: []lifecycle.Plugin{rec}})
	r := b.create("alice", "demo/shell")
	b.do("alice", "POST", "/api/v1/requests/"+r.ID+"/comments", `{"text":"please"}`, nil)
	b.do("bob", "POST", "/api/v1/requests/"+r.ID+"/approve", `{"expiry":"1s"}`, nil)
	b.waitStatus(r.ID, "expired")
	b.create("alice", "demo/logs")
	if code, _ := b.do("alice", "POST", "/api/v1/requests", `{"resource":"x/y","reason":"r"}`,
		nil); code != http.StatusUnprocessableEntity {
		t.Fatalf("bad create: %d", code)
	}

	stored := b.count("SELECT COUNT(*) FROM events")
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.events) != stored {
		t.Errorf("plugin heard %d events, the store has %d", len(rec.events), stored)
	}
	seen := map[int64]bool{}
	for _, id := range rec.events {
		if id == 0 || seen[id] {
			t.Errorf("event id %d heard twice or unset: %v", id, rec.events)
		}
		seen[id] = true
	}
}
