package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/latchhq/latch/internal/lifecycle"
	"github.com/latchhq/latch/internal/store"
)

// A signature is fresh once, then a replay until it is pruned.
func TestSlackSeen(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		if err := st.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		now := time.Now().UTC().Truncate(time.Microsecond)
		sig := "v0=" + lifecycle.NewID()
		mark := func() bool {
			var fresh bool
			err := st.InTx(ctx, func(tx *store.Tx) error {
				var err error
				fresh, err = tx.MarkSlackSeen(ctx, sig, now)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			return fresh
		}
		if !mark() {
			t.Error("first call: not fresh")
		}
		if mark() {
			t.Error("replay: fresh")
		}
		if _, err := st.PruneSlackSeen(ctx, now); err != nil {
			t.Fatal(err)
		}
		if mark() {
			t.Error("pruned an entry that was not older than the cut")
		}
		if _, err := st.PruneSlackSeen(ctx, now.Add(time.Second)); err != nil {
			t.Fatal(err)
		}
		if !mark() {
			t.Error("after pruning: not fresh")
		}
	})
}
