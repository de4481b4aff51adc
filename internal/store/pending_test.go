package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/latchhq/latch/internal/request"
	"github.com/latchhq/latch/internal/store"
)

// PendingBefore finds only pending requests created at or before the time,
// oldest first, at most the limit.
func TestPendingBefore(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		if err := st.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
		for i, id := range []string{"old1", "old2", "done", "old3", "new1"} {
			r := newRequest(id, at.Add(time.Duration(i)*time.Minute))
			create(t, st, &r)
			if id == "done" {
				r.Status = request.Denied
				err := st.InTx(ctx, func(tx *store.Tx) error { return tx.UpdateRequest(ctx, &r) })
				if err != nil {
					t.Fatal(err)
				}
			}
		}

		cutoff := at.Add(3 * time.Minute)
		for _, c := range []struct {
			limit int
			want  []string
		}{{10, []string{"old1", "old2", "old3"}}, {2, []string{"old1", "old2"}}} {
			got, err := st.PendingBefore(ctx, cutoff, c.limit)
			if err != nil {
				t.Fatal(err)
			}
			if ids := ids(got); !slices.Equal(ids, c.want) {
				t.Errorf("limit %d: %v, want %v", c.limit, ids, c.want)
			}
		}
	})
}
