package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/latchhq/latch/internal/lifecycle"
	"github.com/latchhq/latch/internal/request"
	"github.com/latchhq/latch/internal/store"
)

func TestSlackMessagesAndEvents(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		if err := st.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		now := time.Now().UTC().Truncate(time.Microsecond)
		r := request.Request{ID: lifecycle.NewID(), Status: request.Pending,
			Requester: "a@example.com", Resource: "x/y", Integration: "x", Access: "y",
			CreatedAt: now, UpdatedAt: now}
		ts := "1700000000." + r.ID
		m := store.SlackMessage{RequestID: r.ID, Channel: "C1", TS: ts, PostedAt: now}
		err := st.InTx(ctx, func(tx *store.Tx) error {
			if err := tx.CreateRequest(ctx, &r); err != nil {
				return err
			}
			return tx.SaveSlackMessage(ctx, m)
		})
		if err != nil {
			t.Fatal(err)
		}
		err = st.InTx(ctx, func(tx *store.Tx) error { return tx.SaveSlackMessage(ctx, m) })
		if err == nil {
			t.Error("a second message for the same request was saved")
		}

		got, ok, err := st.SlackMessage(ctx, r.ID)
		if err != nil || !ok || got != m {
			t.Errorf("SlackMessage: %+v %v %v, want %+v", got, ok, err, m)
		}
		got, ok, err = st.SlackMessageAt(ctx, "C1", ts)
		if err != nil || !ok || got.RequestID != r.ID {
			t.Errorf("SlackMessageAt: %+v %v %v", got, ok, err)
		}
		if _, ok, _ := st.SlackMessageAt(ctx, "C2", ts); ok {
			t.Error("found a message in another channel")
		}

		id := "Ev" + r.ID
		for i, want := range []bool{true, false} {
			var fresh bool
			err := st.InTx(ctx, func(tx *store.Tx) error {
				var err error
				fresh, err = tx.MarkSlackEvent(ctx, id, now)
				return err
			})
			if err != nil || fresh != want {
				t.Errorf("mark %d: fresh %v, err %v; want %v", i, fresh, err, want)
			}
		}
		if _, err := st.PruneSlackEvents(ctx, now.Add(time.Second)); err != nil {
			t.Fatal(err)
		}
		st.InTx(ctx, func(tx *store.Tx) error {
			fresh, err := tx.MarkSlackEvent(ctx, id, now)
			if err != nil || !fresh {
				t.Errorf("after pruning: fresh %v, err %v", fresh, err)
			}
			return nil
		})
	})
}
