package cli

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/latchhq/latch/internal/api"
)

func TestRequestPrintsID(t *testing.T) {
	t.Parallel()
	f := newFake(t)

	res := f.run(t, "request", "prod-db/readonly", "--reason", "debug INC-42", "--duration", "2h")

	require.Equal(t, ExitOK, res.code, res.stderr)
	assert.Equal(t, "r1\n", res.stdout)
	assert.Empty(t, res.stderr)
	want := api.CreateRequest{Resource: "prod-db/readonly", Reason: "debug INC-42", Duration: "2h"}
	assert.Equal(t, []api.CreateRequest{want}, f.created)
	assert.Equal(t, "Bearer "+fakeToken, f.header.Get("Authorization"))
	assert.Equal(t, "latch-cli", f.header.Get("User-Agent"))
}

func TestRequestJSON(t *testing.T) {
	t.Parallel()
	f := newFake(t)

	res := f.run(t, "request", "prod-db/readonly", "--reason", "x", "-o", "json")

	require.Equal(t, ExitOK, res.code, res.stderr)
	r := decodeJSON[api.Request](t, res.stdout)
	assert.Equal(t, "r1", r.ID)
	assert.Equal(t, "pending", r.Status)
}

func TestRequestWait(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		script     []func(*api.Request)
		failGets   int
		timeout    string
		wantCode   int
		wantStderr []string
	}{
		{
			name:     "granted",
			script:   []func(*api.Request){noop, approveBy(bob, "1h"), grant},
			wantCode: ExitOK,
			wantStderr: []string{
				"waiting for approval of request r1…",
				"approved by bob@example.com for 1h; granting access…",
				"access granted until 2026-05-01T11:02:00Z",
			},
		},
		{
			name:     "approved and granted between checks",
			script:   []func(*api.Request){func(r *api.Request) { approveBy(bob, "2h")(r); grant(r) }},
			wantCode: ExitOK,
			wantStderr: []string{
				"approved by bob@example.com for 2h; granting access…\naccess granted until",
			},
		},
		{
			name:     "server trouble is retried",
			script:   []func(*api.Request){approveBy(bob, "1h"), grant},
			failGets: 2,
			wantCode: ExitOK,
			wantStderr: []string{
				"latch: HTTP 503 Service Unavailable: <html>upstream down</html>; still trying\n" +
					"approved by",
			},
		},
		{
			name:       "denied",
			script:     []func(*api.Request){denyBy(bob, "not during the freeze")},
			wantCode:   ExitDenied,
			wantStderr: []string{"latch: request r1 was denied by bob@example.com: not during the freeze"},
		},
		{
			name:       "canceled",
			script:     []func(*api.Request){moveTo("canceled", alice, "")},
			wantCode:   ExitFailure,
			wantStderr: []string{"latch: request r1 was canceled by alice@example.com"},
		},
		{
			name: "errored",
			script: []func(*api.Request){
				approveBy(bob, "1h"), moveTo("errored", "latch", "role does not exist"),
			},
			wantCode:   ExitFailure,
			wantStderr: []string{"latch: request r1 failed: role does not exist"},
		},
		{
			name: "relinquished between checks",
			script: []func(*api.Request){approveBy(bob, "1h"), func(r *api.Request) {
				grant(r)
				moveTo("revoking", alice, "done early")(r)
				moveTo("relinquished", "latch", "access removed")(r)
			}},
			wantCode: ExitFailure,
			wantStderr: []string{"latch: request r1 was granted but has already been " +
				"relinquished by alice@example.com: done early"},
		},
		{
			name:       "timeout",
			timeout:    "1s",
			wantCode:   ExitTimeout,
			wantStderr: []string{"latch: gave up after 1s: request r1 is still pending"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t)
			f.setScript(tt.script...)
			f.failGets = tt.failGets
			args := []string{"request", "prod-db/readonly", "--reason", "x", "--wait",
				"--poll-interval", "5ms"}
			if tt.timeout != "" {
				args = append(args, "--timeout", tt.timeout)
			}

			res := f.run(t, args...)

			assert.Equal(t, tt.wantCode, res.code, res.stderr)
			assert.Equal(t, "r1\n", res.stdout)
			for _, want := range tt.wantStderr {
				assert.Contains(t, res.stderr, want)
			}
		})
	}
}

func TestRequestWaitJSONPrintsFinalRequest(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.setScript(approveBy(bob, "1h"), grant)

	res := f.run(t, "request", "prod-db/readonly", "--reason", "x", "--wait",
		"--poll-interval", "5ms", "-o", "json")

	require.Equal(t, ExitOK, res.code, res.stderr)
	r := decodeJSON[api.Request](t, res.stdout)
	assert.Equal(t, "active", r.Status)
}

func TestRequestValidatesBeforeCalling(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no resource", []string{"request", "--reason", "x"}, "missing RESOURCE"},
		{"bad resource", []string{"request", "prod-db", "--reason", "x"}, "INTEGRATION/ACCESS"},
		{"no reason", []string{"request", "prod-db/readonly"}, "--reason is required"},
		{"blank reason", []string{"request", "prod-db/readonly", "--reason", " "}, "--reason"},
		{"bad duration", []string{"request", "prod-db/readonly", "--reason", "x",
			"--duration", "soon"}, `invalid duration "soon"`},
		{"timeout without wait", []string{"request", "prod-db/readonly", "--reason", "x",
			"--timeout", "5m"}, "--timeout only applies with --wait"},
		{"bad timeout", []string{"request", "prod-db/readonly", "--reason", "x", "--wait",
			"--timeout", "0s"}, "not positive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t)

			res := f.run(t, tt.args...)

			assert.Equal(t, ExitFailure, res.code)
			assert.Contains(t, res.stderr, tt.want)
			assert.Contains(t, res.stderr, "Run 'latch request --help' for usage.")
			assert.Zero(t, f.callCount())
		})
	}
}

func TestOutcome(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status   string
		wantDone bool
		wantCode int
	}{
		{"pending", false, ExitOK},
		{"approved", false, ExitOK},
		{"active", true, ExitOK},
		{"denied", true, ExitDenied},
		{"canceled", true, ExitFailure},
		{"timed_out", true, ExitFailure},
		{"errored", true, ExitFailure},
		{"expired", true, ExitFailure},
		{"revoked", true, ExitFailure},
		{"relinquished", true, ExitFailure},
		{"revoking", true, ExitFailure},
	}
	for _, tt := range tests {
		t.Run(tt.status, func(t *testing.T) {
			t.Parallel()
			done, err := outcome(api.Request{ID: "r1", Status: tt.status})
			assert.Equal(t, tt.wantDone, done)
			if tt.wantCode == ExitOK {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Equal(t, tt.wantCode, exitCode(err))
			assert.True(t, strings.HasPrefix(err.Error(), "request r1 "), err.Error())
		})
	}
}

func noop(*api.Request) {}
