package store_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/latchhq/latch/internal/request"
	"github.com/latchhq/latch/internal/store"
	"github.com/latchhq/latch/internal/testenv"
)

// eachStore runs fn as two parallel subtests: on a fresh SQLite file and on
// a fresh PostgreSQL schema. Both stores must behave alike.
func eachStore(t *testing.T, fn func(t *testing.T, st *store.Store)) {
	t.Helper()
	for _, name := range []string{store.SQLite, store.Postgres} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fn(t, open(t, name))
		})
	}
}

// emptyURL names an empty store of the dialect.
func emptyURL(t *testing.T, dialect string) string {
	t.Helper()
	if dialect == store.Postgres {
		return testenv.PostgresSchema(t)
	}
	return "sqlite:" + filepath.Join(t.TempDir(), "latch.db")
}

// open opens an empty, unmigrated store of the dialect.
func open(t *testing.T, dialect string) *store.Store {
	t.Helper()
	return openURL(t, emptyURL(t, dialect))
}

func openURL(t *testing.T, url string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func newRequest(id string, at time.Time) request.Request {
	return request.Request{
		ID: id, Status: request.Pending, Requester: "alice@example.com",
		Resource: "demo/shell", Integration: "demo", Access: "shell", Reason: "incident",
		RequestedDuration: time.Hour, CreatedAt: at, UpdatedAt: at,
	}
}

func create(t *testing.T, st *store.Store, r *request.Request) {
	t.Helper()
	ctx := context.Background()
	err := st.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.CreateRequest(ctx, r); err != nil {
			return err
		}
		return tx.AddEvent(ctx, &request.Event{RequestID: r.ID, At: r.CreatedAt,
			Kind: request.KindRequested, Actor: r.Requester, Source: request.SourceAPI,
			ToStatus: request.Pending})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestRequestRoundTrip(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, st *store.Store) {
		if err := st.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		at := time.Date(2026, 3, 1, 12, 0, 0, 123456000, time.UTC)
		r := newRequest("aaaa", at)
		create(t, st, &r)
		if r.Seq == 0 || r.Version != 1 {
			t.Fatalf("after create: seq %d version %d", r.Seq, r.Version)
		}

		r.Status, r.ApprovedBy, r.ApprovedAt = request.Approved, "bob@example.com", at.Add(time.Minute)
		r.ApprovedDuration = 90 * time.Minute
		r.UpdatedAt = r.ApprovedAt
		if err := st.InTx(ctx, func(tx *store.Tx) error { return tx.UpdateRequest(ctx, &r) }); err != nil {
			t.Fatal(err)
		}
		got, err := st.GetRequest(ctx, "aaaa")
		if err != nil {
			t.Fatal(err)
		}
		if got != r {
			t.Errorf("read back\n%+v\nwant\n%+v", got, r)
		}

		stale := r
		stale.Version = 1
		err = st.InTx(ctx, func(tx *store.Tx) error { return tx.UpdateRequest(ctx, &stale) })
		if !errors.Is(err, store.ErrStale) {
			t.Errorf("update of a stale version: %v, want ErrStale", err)
		}
		if _, err := st.GetRequest(ctx, "zzzz"); !errors.Is(err, request.ErrNotFound) {
			t.Errorf("unknown id: %v, want not found", err)
		}
		dup := newRequest("aaaa", at)
		err = st.InTx(ctx, func(tx *store.Tx) error { return tx.CreateRequest(ctx, &dup) })
		if err == nil {
			t.Errorf("a second request with the same id was stored")
		}
	})
}

func TestListAndEvents(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, st *store.Store) {
		if err := st.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		at := time.Now().UTC().Truncate(time.Microsecond)
		for i := range 5 {
			r := newRequest(fmt.Sprintf("r%d", i), at)
			if i%2 == 1 {
				r.Requester = "bob@example.com"
			}
			create(t, st, &r)
		}
		all, err := st.ListRequests(ctx, store.Filter{Limit: 10})
		if err != nil || len(all) != 5 || all[0].ID != "r4" || all[4].ID != "r0" {
			t.Fatalf("list all: %v %v, want r4..r0", ids(all), err)
		}
		page, _ := st.ListRequests(ctx, store.Filter{Limit: 2, BeforeSeq: all[1].Seq})
		if fmt.Sprint(ids(page)) != "[r2 r1]" {
			t.Errorf("page after r3 = %v, want [r2 r1]", ids(page))
		}
		bobs, _ := st.ListRequests(ctx, store.Filter{Limit: 10, Requester: "bob@example.com",
			Statuses: []request.Status{request.Pending, request.Active}})
		if fmt.Sprint(ids(bobs)) != "[r3 r1]" {
			t.Errorf("bob's = %v, want [r3 r1]", ids(bobs))
		}
		none, _ := st.ListRequests(ctx, store.Filter{Limit: 10, Resource: "other/x"})
		if len(none) != 0 {
			t.Errorf("other resource = %v, want none", ids(none))
		}

		for _, kind := range []string{"comment", "approved"} {
			err := st.InTx(ctx, func(tx *store.Tx) error {
				return tx.AddEvent(ctx, &request.Event{RequestID: "r0", At: at, Kind: kind,
					Actor: "bob@example.com", Source: request.SourceCLI, Message: "m"})
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		events, err := st.Events(ctx, "r0")
		if err != nil || len(events) != 3 {
			t.Fatalf("events = %+v, %v", events, err)
		}
		if events[1].Kind != "comment" || events[2].Kind != "approved" ||
			!events[2].At.Equal(at) || events[2].Source != request.SourceCLI {
			t.Errorf("events out of order or changed: %+v", events)
		}
		counts, err := st.CountRequests(ctx)
		if err != nil || counts["pending"] != 5 {
			t.Errorf("counts = %v, %v", counts, err)
		}
	})
}

func ids(rs []request.Request) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}

func TestTokens(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, st *store.Store) {
		if err := st.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		at := time.Now().UTC().Truncate(time.Microsecond)
		tok := store.Token{ID: "t1", Hash: "h1", User: "alice@example.com", Name: "cli",
			CreatedAt: at}
		if err := st.CreateToken(ctx, tok); err != nil {
			t.Fatal(err)
		}
		got, ok, err := st.TokenByHash(ctx, "h1")
		if err != nil || !ok || got != tok {
			t.Errorf("token = %+v %v %v, want %+v", got, ok, err, tok)
		}
		if _, ok, err := st.TokenByHash(ctx, "nope"); ok || err != nil {
			t.Errorf("unknown hash: %v %v", ok, err)
		}
	})
}

// Many writers updating the same version of one request at once: exactly
// one wins, on PostgreSQL's READ COMMITTED as on SQLite's single writer.
func TestCompareAndSetUnderContention(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, st *store.Store) {
		if err := st.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		for round := range 10 {
			r := newRequest(fmt.Sprintf("cas%d", round), time.Now())
			create(t, st, &r)
			var (
				wg         sync.WaitGroup
				mu         sync.Mutex
				won, stale int
				others     []error
			)
			for i := range 16 {
				wg.Go(func() {
					mine := r
					mine.Status, mine.ApprovedBy = request.Approved, fmt.Sprint("approver", i)
					err := st.InTx(ctx, func(tx *store.Tx) error {
						if err := tx.UpdateRequest(ctx, &mine); err != nil {
							return err
						}
						return tx.AddEvent(ctx, &request.Event{RequestID: r.ID, At: time.Now(),
							Kind: request.KindApproved, Actor: mine.ApprovedBy,
							Source: request.SourceAPI})
					})
					mu.Lock()
					defer mu.Unlock()
					switch {
					case err == nil:
						won++
					case errors.Is(err, store.ErrStale):
						stale++
					default:
						others = append(others, err)
					}
				})
			}
			wg.Wait()
			if won != 1 || stale != 15 || len(others) > 0 {
				t.Fatalf("round %d: %d won, %d stale, errors %v; want 1 and 15", round, won,
					stale, others)
			}
			events, _ := st.Events(ctx, r.ID)
			if len(events) != 2 {
				t.Fatalf("round %d: %d events, want requested and one approval", round,
					len(events))
			}
			got, _ := st.GetRequest(ctx, r.ID)
			if got.Version != 2 || got.ApprovedBy != events[1].Actor {
				t.Fatalf("round %d: version %d approved by %s, event by %s", round,
					got.Version, got.ApprovedBy, events[1].Actor)
			}
		}
	})
}
