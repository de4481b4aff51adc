package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/latchhq/latch/internal/request"
	"github.com/latchhq/latch/internal/store"
)

// activeGrant stores a request made active at at, ending at ends.
func activeGrant(t *testing.T, st *store.Store, id string, at, ends time.Time) request.Request {
	t.Helper()
	r := newRequest(id, at)
	create(t, st, &r)
	r.Status, r.ApprovedBy, r.ApprovedAt = request.Active, "bob@example.com", at
	r.GrantedAt, r.EndsAt, r.UpdatedAt = at, ends, at
	err := st.InTx(context.Background(), func(tx *store.Tx) error {
		return tx.UpdateRequest(context.Background(), &r)
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// The statements that end many grants at once move only what they should,
// each version by version, and write one event per request.
func TestEndingGrantsTogether(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		if err := st.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
		now := at.Add(time.Hour)
		// Five ended, ending in reverse order of creation; one still
		// running; one ended but pending (never granted).
		for i := range 5 {
			activeGrant(t, st, fmt.Sprintf("end%d", i), at, now.Add(-time.Duration(i)*time.Minute))
		}
		activeGrant(t, st, "later", at, now.Add(time.Minute))
		pending := newRequest("pending", at)
		create(t, st, &pending)

		var claimed []request.Request
		err := st.InTx(ctx, func(tx *store.Tx) error {
			var err error
			claimed, err = tx.ClaimEnded(ctx, now, 3)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := ids(claimed), []string{"end4", "end3", "end2"}; !slices.Equal(got, want) {
			t.Fatalf("claimed %v, want the three soonest ends %v", got, want)
		}
		for _, r := range claimed {
			if r.Status != request.Revoking || r.EndReason != request.EndExpire ||
				r.Version != 3 || !r.UpdatedAt.Equal(now) {
				t.Errorf("claimed %s: %+v", r.ID, r)
			}
			if got, _ := st.GetRequest(ctx, r.ID); got.Version != r.Version ||
				got.Status != request.Revoking {
				t.Errorf("%s as stored: %+v", r.ID, got)
			}
		}

		var rest []request.Request
		err = st.InTx(ctx, func(tx *store.Tx) error {
			var err error
			rest, err = tx.ClaimEnded(ctx, now, 10)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := ids(rest), []string{"end1", "end0"}; !slices.Equal(got, want) {
			t.Fatalf("second claim %v, want %v (not the running grant, not a claimed one)",
				got, want)
		}

		// One event each, in the order of the ids given.
		claimIDs := ids(claimed)
		var events []request.Event
		err = st.InTx(ctx, func(tx *store.Tx) error {
			var err error
			events, err = tx.AddEventToEach(ctx, request.Event{At: now,
				Kind: request.KindEnding, Actor: request.SystemActor, Source: request.SourceJob,
				FromStatus: request.Active, ToStatus: request.Revoking, Message: "claim"},
				claimIDs)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		for i, e := range events {
			stored, err := st.Events(ctx, claimIDs[i])
			if err != nil {
				t.Fatal(err)
			}
			last := stored[len(stored)-1]
			if e.RequestID != claimIDs[i] || e.ID == 0 || last != e {
				t.Errorf("event %d: returned %+v, stored last %+v", i, e, last)
			}
		}

		// Only grants whose last status change is the claim are held by it.
		held, err := st.RevokingClaimedBy(ctx, append(ids(rest), claimIDs...),
			request.KindEnding, "claim")
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(held); !slices.Equal(got, []string{"end2", "end3", "end4"}) {
			t.Errorf("held by the claim: %v, want end2..end4 (end0 and end1 have no claim event)",
				got)
		}

		// Ending them all fails, changing none, while one is not revoking.
		err = st.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.EndRevoking(ctx, []string{"end2", "later"}, request.Expired, now)
			return err
		})
		if !errors.Is(err, store.ErrStale) {
			t.Errorf("ending a running grant with others: %v, want ErrStale", err)
		}
		if got, _ := st.GetRequest(ctx, "end2"); got.Status != request.Revoking {
			t.Errorf("end2 after the refused end: %s, want revoking", got.Status)
		}

		var ended []request.Request
		err = st.InTx(ctx, func(tx *store.Tx) error {
			var err error
			ended, err = tx.EndRevoking(ctx, claimIDs, request.Expired, now.Add(time.Second))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range ended {
			got, _ := st.GetRequest(ctx, r.ID)
			if got.Status != request.Expired || !got.EndedAt.Equal(now.Add(time.Second)) ||
				got.Version != 4 || got.Version != r.Version {
				t.Errorf("%s after its end: %+v", r.ID, got)
			}
		}
		if got, _ := st.GetRequest(ctx, "later"); got.Status != request.Active {
			t.Errorf("the running grant is %s, want active", got.Status)
		}
		if got, _ := st.GetRequest(ctx, "pending"); got.Status != request.Pending {
			t.Errorf("the pending request is %s", got.Status)
		}
	})
}
