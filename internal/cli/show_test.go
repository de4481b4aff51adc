package cli

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/latchhq/latch/internal/api"
)

// seedGranted stores a request that was approved by bob and granted.
func seedGranted(f *fakeServer) string {
	id := f.add(api.Request{
		Status: "pending", Requester: alice, Resource: "prod-db/readonly",
		Reason: "debug INC-42", RequestedDuration: "1h", RequestedAt: t0,
		Events: []api.Event{event("created", alice, "", "pending", "")},
	})
	f.mu.Lock()
	r := f.find(id)
	approveBy(bob, "1h")(r)
	grant(r)
	f.mu.Unlock()
	return id
}

func TestShowJSON(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	id := seedGranted(f)

	res := f.run(t, "show", id, "-o", "json")

	require.Equal(t, ExitOK, res.code, res.stderr)
	var raw map[string]any
	require.NoError(t, json.Unmarshal([]byte(res.stdout), &raw), res.stdout)
	assert.Equal(t, "r1", raw["id"])
	assert.Equal(t, "active", raw["status"])
	assert.Equal(t, "prod-db/readonly", raw["resource"])
	assert.Equal(t, "2026-05-01T10:02:00Z", raw["granted_at"])
	assert.Len(t, raw["events"], 3)
}

func TestShowText(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	id := seedGranted(f)

	res := f.run(t, "show", id)

	require.Equal(t, ExitOK, res.code, res.stderr)
	want := `ID:               r1
Status:           active
Requester:        alice@example.com
Resource:         prod-db/readonly
Reason:           debug INC-42
Requested:        2026-05-01T10:00:00Z
Duration wished:  1h
Approved:         2026-05-01T10:01:00Z by bob@example.com for 1h
Granted:          2026-05-01T10:02:00Z
Ends:             2026-05-01T11:02:00Z

History:
TIME                  KIND     ACTOR              SOURCE  STATUS            MESSAGE
2026-05-01T10:00:00Z  created  alice@example.com  api     →pending          -
2026-05-01T10:00:00Z  status   bob@example.com    api     pending→approved  -
2026-05-01T10:00:00Z  status   latch              api     approved→active   -
`
	assert.Equal(t, want, res.stdout)
}

func TestShowCleansControlCharacters(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	id := f.add(api.Request{Status: "pending", Reason: "line one\nline two\x1b[31m"})

	res := f.run(t, "show", id)

	require.Equal(t, ExitOK, res.code, res.stderr)
	assert.Contains(t, res.stdout, "Reason:     line one line two [31m\n")
	assert.NotContains(t, res.stdout, "\x1b")
}
