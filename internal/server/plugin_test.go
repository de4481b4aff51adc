package server_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/latchhq/latch/internal/lifecycle"
	"github.com/latchhq/latch/internal/request"
)

// recorder is a plugin that notes every event it hears of, and queues a job
// for each that notes it again when it runs.
type recorder struct {
	mu     sync.Mutex
	events []int64
	ran    map[int64]int
}

// notedArgs is the recorder's job: event EventID was heard.
type notedArgs struct {
	EventID int64 `json:"event_id"`
}

func (notedArgs) Kind() string { return "test_noted" }

type notedWorker struct {
	river.WorkerDefaults[notedArgs]
	p *recorder
}

func (w *notedWorker) Work(_ context.Context, job *river.Job[notedArgs]) error {
	w.p.mu.Lock()
	defer w.p.mu.Unlock()
	if w.p.ran == nil {
		w.p.ran = map[int64]int{}
	}
	w.p.ran[job.Args.EventID]++
	return nil
}

func (p *recorder) AddWorkers(w *river.Workers) { river.AddWorker(w, &notedWorker{p: p}) }

func (p *recorder) Recorded(ctx context.Context, q lifecycle.Enqueuer, _ request.Request,
	e request.Event) error {
	p.mu.Lock()
	p.events = append(p.events, e.ID)
	p.mu.Unlock()
	return q.Enqueue(ctx, notedArgs{EventID: e.ID}, time.Time{})
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
	// A grant ended by the sweep, with others: its events are written and
	// heard together.
	batch := b.create("alice", "demo/shell")
	b.do("bob", "POST", "/api/v1/requests/"+batch.ID+"/approve", `{"expiry":"1h"}`, nil)
	b.waitStatus(batch.ID, "active")
	b.srv.Store().DB().Exec("UPDATE requests SET ends_at = $1 WHERE id = $2",
		time.Now().UnixMicro(), batch.ID)
	b.waitStatus(batch.ID, "expired")
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
	// Each event's job runs once, whichever path queued it.
	for deadline := time.Now().Add(10 * time.Second); ; {
		if len(rec.ran) == len(rec.events) || time.Now().After(deadline) {
			break
		}
		rec.mu.Unlock()
		time.Sleep(50 * time.Millisecond)
		rec.mu.Lock()
	}
	for _, id := range rec.events {
		if rec.ran[id] != 1 {
			t.Errorf("the job queued for event %d ran %d times, want once", id, rec.ran[id])
		}
	}
	if n := b.count("SELECT COUNT(*) FROM events WHERE request_id = $1 AND message = $2",
		batch.ID, "expire: time is up, removing the access with others ending now"); n != 1 {
		t.Errorf("the sweep did not end %s", batch.ID)
	}
}
