package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/latchhq/latch/internal/request"
	"github.com/latchhq/latch/internal/store"
)

// TestTimeRangeOutOfOrder checks that a time range finds exactly the
// requests made in it, newest first and page by page, when created_at does
// not grow with seq (the range query bounds its scan by seq).
func TestTimeRangeOutOfOrder(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	base := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	from, to := base.Add(10*time.Hour), base.Add(30*time.Hour)
	for dialect, st := range openStores(t) {
		t.Run(dialect, func(t *testing.T) {
			var want []string
			for i := range 40 {
				// 17 and 40 are coprime: every hour once, in scrambled order.
				r := request.Request{
					ID: fmt.Sprintf("req%07d", i), Status: request.Pending,
					Requester: "alice@example.com", Resource: "demo/shell",
					Integration: "demo", Access: "shell", Reason: "out of order",
					CreatedAt: base.Add(time.Duration(i*17%40) * time.Hour),
				}
				r.UpdatedAt = r.CreatedAt
				require.NoError(t, st.InTx(ctx, func(tx *store.Tx) error {
					return tx.CreateRequest(ctx, &r)
				}))
				if !r.CreatedAt.Before(from) && r.CreatedAt.Before(to) {
					want = append([]string{r.ID}, want...)
				}
			}
			require.Len(t, want, 20)

			var paged []string
			f := store.Filter{From: from, To: to, Limit: 3}
			for {
				rs, err := st.ListRequests(ctx, f)
				require.NoError(t, err)
				for _, r := range rs {
					paged = append(paged, r.ID)
					f.BeforeSeq = r.Seq
				}
				if len(rs) < f.Limit {
					break
				}
			}
			require.Equal(t, want, paged)

			var exported []string
			for row, err := range st.ExportRequests(ctx, store.Filter{From: from, To: to}) {
				require.NoError(t, err)
				exported = append(exported, row.Request.ID)
			}
			require.Equal(t, want, exported)

			rs, err := st.ListRequests(ctx, store.Filter{From: to, To: to.Add(time.Hour),
				Limit: 50})
			require.NoError(t, err)
			require.Len(t, rs, 1, "one request an hour")
			rs, err = st.ListRequests(ctx, store.Filter{From: base.Add(-2 * time.Hour),
				To: base.Add(-time.Hour), Limit: 50})
			require.NoError(t, err)
			require.Empty(t, rs, "a range before every request")
		})
	}
}
