package cli

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// decodeJSON parses s as a T, failing the test when it is not.
func decodeJSON[T any](t *testing.T, s string) T {
	t.Helper()
	var v T
	require.NoError(t, json.Unmarshal([]byte(s), &v), s)
	return v
}

func TestConnectionSettings(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	tests := []struct {
		name     string
		env      map[string]string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"from environment", map[string]string{"LATCH_URL": f.srv.URL, "LATCH_TOKEN": fakeToken},
			nil, ExitOK, ""},
		{"from flags", nil, []string{"--url", f.srv.URL, "--token", fakeToken}, ExitOK, ""},
		{"flags win", map[string]string{"LATCH_URL": "http://127.0.0.1:1", "LATCH_TOKEN": "bad"},
			[]string{"--url", f.srv.URL, "--token", fakeToken}, ExitOK, ""},
		{"no url", map[string]string{"LATCH_TOKEN": fakeToken}, nil, ExitFailure,
			"latch: no latch server given: set LATCH_URL or pass --url"},
		{"no token", map[string]string{"LATCH_URL": f.srv.URL}, nil, ExitFailure,
			"latch: no API token given: set LATCH_TOKEN or pass --token\n"},
		{"not a url", map[string]string{"LATCH_URL": "latch.example.com", "LATCH_TOKEN": "t"},
			nil, ExitFailure, "want http:// or https://"},
		{"bad token", map[string]string{"LATCH_URL": f.srv.URL, "LATCH_TOKEN": "wrong"}, nil,
			ExitFailure, "latch: whoami: unauthenticated: missing or unknown API token\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			res := runCLI(t, tt.env, f.srv.Client(), append([]string{"whoami"}, tt.args...)...)

			assert.Equal(t, tt.wantCode, res.code, res.stderr)
			if tt.wantErr == "" {
				assert.Contains(t, res.stdout, "alice@example.com")
				return
			}
			assert.Contains(t, res.stderr, tt.wantErr)
			assert.NotContains(t, res.stderr, "--help", "not a usage mistake")
		})
	}
}

func TestOutputFormatIsChecked(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"show", "r1"},
		{"ls"},
		{"request", "prod-db/readonly", "--reason", "x"},
		{"approve", "r1", "--expiry", "1h"},
		{"deny", "r1"},
		{"comment", "r1", "hi"},
		{"resources"},
		{"whoami"},
	} {
		t.Run(args[0], func(t *testing.T) {
			t.Parallel()
			f := newFake(t)

			res := f.run(t, append(args, "-o", "yaml")...)

			assert.Equal(t, ExitFailure, res.code)
			assert.Contains(t, res.stderr, `output format "yaml" is not text or json`)
			assert.Contains(t, res.stderr, "--help' for usage.")
			assert.Zero(t, f.callCount())
		})
	}
}

func TestUsageMistakes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		args     []string
		wantErr  string
		wantHelp string
	}{
		{"unknown command", []string{"aprove"}, `unknown command "aprove"`, "latch"},
		{"unknown flag", []string{"ls", "--colour"}, "unknown flag: --colour", "latch ls"},
		{"missing id", []string{"show"}, "missing request ID", "latch show"},
		{"extra argument", []string{"whoami", "me"}, `unexpected argument "me"`, "latch whoami"},
		{"missing comment", []string{"comment", "r1", " "}, "missing comment text",
			"latch comment"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t)

			res := f.run(t, tt.args...)

			assert.Equal(t, ExitFailure, res.code)
			assert.Contains(t, res.stderr, "latch: "+tt.wantErr)
			assert.Contains(t, res.stderr, "Run '"+tt.wantHelp+" --help' for usage.\n")
			assert.Zero(t, f.callCount())
		})
	}
}

func TestResourcesAndWhoami(t *testing.T) {
	t.Parallel()
	f := newFake(t)

	res := f.run(t, "resources")
	require.Equal(t, ExitOK, res.code, res.stderr)
	assert.Equal(t, `RESOURCE          TYPE      DESCRIPTION
prod-db/readonly  postgres  -
web-ssh/admin     ssh       root on the web hosts
`, res.stdout)

	res = f.run(t, "whoami")
	require.Equal(t, ExitOK, res.code, res.stderr)
	assert.Equal(t, `Email:   alice@example.com
Name:    Alice
Groups:  eng
Roles:   requester, admin
`, res.stdout)
}

func TestExitCode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"plain", errors.New("boom"), ExitFailure},
		{"denied", &ExitError{Code: ExitDenied, Err: errors.New("no")}, ExitDenied},
		{"wrapped", errorsJoin(&ExitError{Code: ExitTimeout}), ExitTimeout},
		{"usage", usagef("bad"), ExitFailure},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, exitCode(tt.err))
		})
	}
}

func errorsJoin(err error) error { return errors.Join(errors.New("context"), err) }

func TestServerCommandsJoinTheRoot(t *testing.T) {
	t.Parallel()
	root := NewRoot()
	for _, name := range []string{"request", "ls", "show", "approve", "deny", "revoke",
		"relinquish", "cancel", "retry", "comment", "resources", "whoami"} {
		cmd, _, err := root.Find([]string{name})
		require.NoError(t, err, name)
		assert.Equal(t, name, cmd.Name())
	}
}
