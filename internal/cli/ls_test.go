package cli

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/latchhq/latch/internal/api"
)

// seedList stores three requests: r1 pending by alice, r2 active by bob,
// r3 denied by alice.
func seedList(f *fakeServer) {
	f.add(api.Request{Status: "pending", Requester: alice, Resource: "prod-db/readonly"})
	ends := t0.Add(time.Hour)
	f.add(api.Request{Status: "active", Requester: bob, Resource: "web-ssh/admin", EndsAt: &ends})
	f.add(api.Request{Status: "denied", Requester: alice, Resource: "prod-db/readonly"})
}

func TestLsText(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	seedList(f)

	res := f.run(t, "ls")

	require.Equal(t, ExitOK, res.code, res.stderr)
	want := `ID  STATUS   REQUESTER          RESOURCE          REQUESTED             ENDS/ENDED
r3  denied   alice@example.com  prod-db/readonly  2026-05-01T10:02:00Z  -
r2  active   bob@example.com    web-ssh/admin     2026-05-01T10:01:00Z  2026-05-01T11:00:00Z
r1  pending  alice@example.com  prod-db/readonly  2026-05-01T10:00:00Z  -
`
	assert.Equal(t, want, res.stdout)
	assert.Empty(t, res.stderr)
}

func TestLsFilters(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		args    []string
		wantIDs []string
		wantErr string
	}{
		{"all", nil, []string{"r3", "r2", "r1"}, ""},
		{"status", []string{"--status", "active"}, []string{"r2"}, ""},
		{"mine", []string{"--mine"}, []string{"r3", "r1"}, ""},
		{"requester", []string{"--requester", bob}, []string{"r2"}, ""},
		{"resource", []string{"--resource", "prod-db/readonly"}, []string{"r3", "r1"}, ""},
		{"first page", []string{"--limit", "2"}, []string{"r3", "r2"}, ""},
		{"every page", []string{"--limit", "1", "--all"}, []string{"r3", "r2", "r1"}, ""},
		{"from cursor", []string{"--limit", "1", "--cursor", "2"}, []string{"r1"}, ""},
		{"bad status", []string{"--status", "done"}, nil, `unknown status "done"`},
		{"bad limit", []string{"--limit", "-1"}, nil, "--limit must not be negative"},
		{"mine and requester", []string{"--mine", "--requester", bob}, nil, "not both"},
		{"requester not email", []string{"--requester", "bob"}, nil, "email address"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t)
			seedList(f)

			res := f.run(t, append([]string{"ls", "-o", "json"}, tt.args...)...)

			if tt.wantErr != "" {
				assert.Equal(t, ExitFailure, res.code)
				assert.Contains(t, res.stderr, tt.wantErr)
				assert.Zero(t, f.callCount())
				return
			}
			require.Equal(t, ExitOK, res.code, res.stderr)
			list := decodeJSON[api.RequestList](t, res.stdout)
			var ids []string
			for _, r := range list.Requests {
				ids = append(ids, r.ID)
			}
			assert.Equal(t, tt.wantIDs, ids)
		})
	}
}

func TestLsMentionsMorePages(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	seedList(f)

	res := f.run(t, "ls", "--limit", "2")

	require.Equal(t, ExitOK, res.code, res.stderr)
	assert.Equal(t, 3, strings.Count(res.stdout, "\n"))
	assert.Equal(t, "more requests: pass --all, or --cursor 2\n", res.stderr)
}
