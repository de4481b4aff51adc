package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/latchhq/latch/internal/store"
)

func TestWebSessions(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		if err := st.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		at := time.Now().UTC().Truncate(time.Microsecond)
		live := func(id string, now time.Time) bool {
			t.Helper()
			_, ok, err := st.WebSession(ctx, id, now)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}

		a := store.WebSession{ID: "secret-a", User: "alice@example.com", CreatedAt: at,
			ExpiresAt: at.Add(12 * time.Hour)}
		if err := st.CreateWebSession(ctx, a); err != nil {
			t.Fatal(err)
		}
		got, ok, err := st.WebSession(ctx, "secret-a", at)
		if err != nil || !ok || got != a {
			t.Fatalf("session = %+v %v %v, want %+v", got, ok, err, a)
		}
		if live("secret-b", at) || live("", at) {
			t.Errorf("an unknown id is live")
		}
		if live("secret-a", a.ExpiresAt) {
			t.Errorf("a session is live at its absolute timeout")
		}

		// The id is kept only as a hash.
		var n int
		err = st.DB().QueryRowContext(ctx,
			`SELECT count(*) FROM web_sessions WHERE id_hash = 'secret-a' OR user_email = 'secret-a'`).
			Scan(&n)
		if err != nil || n != 0 {
			t.Errorf("the session id is stored as it is (%d rows, %v)", n, err)
		}

		if err := st.DeleteWebSession(ctx, "secret-a"); err != nil {
			t.Fatal(err)
		}
		if live("secret-a", at) {
			t.Errorf("a signed-out session is live")
		}
		if err := st.DeleteWebSession(ctx, "secret-a"); err != nil {
			t.Errorf("signing out twice: %v", err)
		}

		// A sign-in deletes the sessions that have expired by then.
		old := store.WebSession{ID: "old", User: "bob@example.com", CreatedAt: at,
			ExpiresAt: at.Add(time.Hour)}
		keep := store.WebSession{ID: "keep", User: "bob@example.com", CreatedAt: at,
			ExpiresAt: at.Add(3 * time.Hour)}
		later := store.WebSession{ID: "later", User: "carol@example.com",
			CreatedAt: at.Add(2 * time.Hour), ExpiresAt: at.Add(14 * time.Hour)}
		for _, ws := range []store.WebSession{old, keep, later} {
			if err := st.CreateWebSession(ctx, ws); err != nil {
				t.Fatal(err)
			}
		}
		err = st.DB().QueryRowContext(ctx, `SELECT count(*) FROM web_sessions`).Scan(&n)
		if err != nil || n != 2 || !live("keep", later.CreatedAt) {
			t.Errorf("after pruning: %d rows (%v), want keep and later", n, err)
		}
	})
}
