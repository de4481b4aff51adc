package store_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/latchhq/latch/internal/request"
	"github.com/latchhq/latch/internal/store"
	"github.com/latchhq/latch/internal/testenv"
)

// openStores opens a fresh, migrated store of each dialect: SQLite always,
// PostgreSQL in a database of its own when a server answers.
func openStores(t *testing.T) map[string]*store.Store {
	t.Helper()
	ctx := context.Background()
	out := map[string]*store.Store{}
	open := func(name, url string) {
		st, err := store.Open(ctx, url)
		require.NoError(t, err)
		t.Cleanup(func() { st.Close() })
		require.NoError(t, st.Migrate(ctx))
		out[name] = st
	}
	open(store.SQLite, "sqlite:"+filepath.Join(t.TempDir(), "latch.db"))

	admin := testenv.PostgresURL(t)
	var b [6]byte
	rand.Read(b[:])
	name := "latch_store_" + hex.EncodeToString(b[:])
	db, err := sql.Open("pgx", admin)
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	_, err = db.Exec("CREATE DATABASE " + name)
	require.NoError(t, err)
	u, err := url.Parse(admin)
	require.NoError(t, err)
	u.Path = "/" + name
	open(store.Postgres, u.String())
	t.Cleanup(func() { db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)") })
	return out
}

func TestFiltersAndExport(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	base := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	for dialect, st := range openStores(t) {
		t.Run(dialect, func(t *testing.T) {
			for i := range 6 {
				r := request.Request{
					ID: fmt.Sprintf("req%07d", i), Status: request.Pending,
					Requester: "alice@example.com", Resource: "demo/shell", Integration: "demo",
					Access: "shell", Reason: fmt.Sprintf("Reason %d: 100%% sure_%d", i, i),
					CreatedAt: base.Add(time.Duration(i) * 24 * time.Hour),
				}
				r.UpdatedAt = r.CreatedAt
				require.NoError(t, st.InTx(ctx, func(tx *store.Tx) error {
					if err := tx.CreateRequest(ctx, &r); err != nil {
						return err
					}
					if i%2 == 0 {
						r.Status, r.ApprovedBy = request.Approved, "bob@example.com"
						if err := tx.UpdateRequest(ctx, &r); err != nil {
							return err
						}
					}
					for j := range i % 3 {
						e := request.Event{RequestID: r.ID, At: r.CreatedAt.Add(time.Minute),
							Kind: request.KindComment, Actor: "carol@example.com",
							Source: request.SourceWeb, Message: fmt.Sprintf("note %d\t\"x\"", j)}
						if err := tx.AddEvent(ctx, &e); err != nil {
							return err
						}
					}
					return nil
				}))
			}

			ids := func(f store.Filter) []string {
				f.Limit = 100
				rs, err := st.ListRequests(ctx, f)
				require.NoError(t, err)
				var out []string
				for _, r := range rs {
					out = append(out, r.ID)
				}
				var exported []string
				for row, err := range st.ExportRequests(ctx, f) {
					require.NoError(t, err)
					exported = append(exported, row.Request.ID)
				}
				require.Equal(t, out, exported, "list and export disagree")
				return out
			}
			require.Equal(t, []string{"req0000004", "req0000002", "req0000000"},
				ids(store.Filter{Approver: "bob@example.com"}))
			require.Equal(t, []string{"req0000002", "req0000001"},
				ids(store.Filter{From: base.Add(24 * time.Hour), To: base.Add(72 * time.Hour)}))
			require.Equal(t, []string{"req0000003"}, ids(store.Filter{Text: "REASON 3"}))
			require.Equal(t, []string{"req0000005"}, ids(store.Filter{Text: "req0000005"}))
			require.Equal(t, []string{"req0000001"}, ids(store.Filter{Text: "sure_1"}))
			require.Equal(t, []string{"req0000003"}, ids(store.Filter{Text: "3 reason"}),
				"words match in any order")
			require.Empty(t, ids(store.Filter{Text: "reas"}), "part of a word matches nothing")
			require.Empty(t, ids(store.Filter{Text: `"`}), "a text without words matches nothing")
			require.Empty(t, ids(store.Filter{Text: "REQ0000005 extra"}))
			require.Len(t, ids(store.Filter{Text: "100%"}), 6)
			require.Equal(t, []string{"req0000001"},
				ids(store.Filter{Text: "sure", Statuses: []request.Status{request.Pending},
					To: base.Add(48 * time.Hour)}), "text with other filters")

			// Keyset pages of a text filter, newest first.
			var paged []string
			f := store.Filter{Text: "reason", Limit: 4}
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
			require.Equal(t, ids(store.Filter{Text: "reason"}), paged)
			require.Len(t, paged, 6)

			var rows []store.ExportRow
			for row, err := range st.ExportRequests(ctx, store.Filter{}) {
				require.NoError(t, err)
				rows = append(rows, row)
			}
			require.Len(t, rows, 6)
			require.Equal(t, "req0000005", rows[0].Request.ID)
			require.Len(t, rows[0].Comments, 2)
			require.Equal(t, "note 1\t\"x\"", rows[0].Comments[1].Message)
			require.Equal(t, base.Add(5*24*time.Hour+time.Minute), rows[0].Comments[0].At)
			require.Empty(t, rows[2].Comments)
		})
	}
}
