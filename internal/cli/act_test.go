package cli

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/latchhq/latch/internal/api"
)

func TestApprove(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	id := f.add(api.Request{Status: "pending", Requester: bob, Resource: "prod-db/readonly"})

	res := f.run(t, "approve", id, "--expiry", "1h")

	require.Equal(t, ExitOK, res.code, res.stderr)
	assert.Equal(t, "request r1 approved for 1h; status is now approved\n", res.stdout)
}

func TestApproveValidatesBeforeCalling(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no expiry", []string{"approve", "r1"}, "--expiry is required"},
		{"bad expiry", []string{"approve", "r1", "--expiry", "soon"}, `invalid duration "soon"`},
		{"negative expiry", []string{"approve", "r1", "--expiry", "-1h"}, "invalid duration"},
		{"zero expiry", []string{"approve", "r1", "--expiry", "0m"}, "not positive"},
		{"no id", []string{"approve", "--expiry", "1h"}, "missing request ID"},
		{"two ids", []string{"approve", "r1", "r2", "--expiry", "1h"}, `unexpected argument "r2"`},
		{"blank id", []string{"approve", " ", "--expiry", "1h"}, "invalid request ID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t)
			f.add(api.Request{Status: "pending"})

			res := f.run(t, tt.args...)

			assert.Equal(t, ExitFailure, res.code)
			assert.Contains(t, res.stderr, tt.want)
			assert.Contains(t, res.stderr, "Run 'latch approve --help' for usage.")
			assert.Zero(t, f.callCount(), "the server was called")
		})
	}
}

func TestApproveConflictNamesTheDecider(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	id := f.add(api.Request{Status: "pending", Requester: alice})
	f.mu.Lock()
	approveBy(bob, "1d")(f.find(id))
	f.mu.Unlock()

	res := f.run(t, "approve", id, "--expiry", "1h")

	assert.Equal(t, ExitFailure, res.code)
	assert.Equal(t, "latch: approve request r1: conflict: request r1 is already approved "+
		"(by bob@example.com at 2026-05-01T10:01:00Z)\n", res.stderr)
	assert.Empty(t, res.stdout)
}

func TestActions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		status     string
		args       []string
		wantStatus string
		wantText   string
	}{
		{"deny", "pending", []string{"deny", "r1", "--reason", "no"}, "denied",
			"request r1 denied; status is now denied\n"},
		{"revoke", "active", []string{"revoke", "r1"}, "revoking",
			"request r1 revoked; status is now revoking\n"},
		{"relinquish", "active", []string{"relinquish", "r1"}, "revoking",
			"request r1 relinquished; status is now revoking\n"},
		{"cancel", "pending", []string{"cancel", "r1"}, "canceled",
			"request r1 canceled; status is now canceled\n"},
		{"retry", "errored", []string{"retry", "r1"}, "approved",
			"request r1 retried; status is now approved\n"},
		{"comment", "pending", []string{"comment", "r1", "looks", "fine"}, "pending",
			"request r1 has your comment; status is now pending\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name+"/text", func(t *testing.T) {
			t.Parallel()
			f := newFake(t)
			f.add(api.Request{Status: tt.status})

			res := f.run(t, tt.args...)

			require.Equal(t, ExitOK, res.code, res.stderr)
			assert.Equal(t, tt.wantText, res.stdout)
		})
		t.Run(tt.name+"/json", func(t *testing.T) {
			t.Parallel()
			f := newFake(t)
			f.add(api.Request{Status: tt.status})

			res := f.run(t, append(tt.args, "-o", "json")...)

			require.Equal(t, ExitOK, res.code, res.stderr)
			r := decodeJSON[api.Request](t, res.stdout)
			assert.Equal(t, "r1", r.ID)
			assert.Equal(t, tt.wantStatus, r.Status)
		})
	}
}

func TestDenyReasonReachesHistory(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.add(api.Request{Status: "pending"})

	res := f.run(t, "deny", "r1", "--reason", "not during the freeze", "-o", "json")

	require.Equal(t, ExitOK, res.code, res.stderr)
	r := decodeJSON[api.Request](t, res.stdout)
	require.NotEmpty(t, r.Events)
	assert.Equal(t, "not during the freeze", r.Events[len(r.Events)-1].Message)
}

func TestUnknownRequest(t *testing.T) {
	t.Parallel()
	f := newFake(t)

	res := f.run(t, "cancel", "nope")

	assert.Equal(t, ExitFailure, res.code)
	assert.Equal(t, "latch: cancel request nope: not_found: no request nope\n", res.stderr)
}
