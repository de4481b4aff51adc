package integration

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/latchhq/latch/internal/config"
)

// envDumpScript writes its environment, one variable a line, to the file
// named by its first argument.
const envDumpScript = `env > "$1"`

// writeScript writes a shell script under t.TempDir and returns its path. It
// is run as "/bin/sh PATH", which avoids "text file busy" when another test
// forks while the file is being written.
func writeScript(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "script.sh")
	require.NoError(t, os.WriteFile(path, []byte(body+"\n"), 0o600))
	return path
}

// readEnv reads a file written by envDumpScript, leaving out what the shell
// adds by itself.
func readEnv(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()

	env := make(map[string]string)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		key, value, _ := strings.Cut(sc.Text(), "=")
		switch key {
		case "PWD", "OLDPWD", "SHLVL", "_":
			continue
		}
		env[key] = value
	}
	require.NoError(t, sc.Err())
	return env
}

func demoCommand(grant, remove []string, timeout time.Duration) *Command {
	opts := config.CommandOptions{
		Grant:    grant,
		Remove:   remove,
		Accesses: []config.Access{{Name: "shell", Description: "a shell"}},
	}
	return NewCommand("demo", opts, timeout)
}

func demoGrant() Grant {
	return Grant{
		RequestID: "r-42",
		User:      "ada@example.com",
		Resource:  "demo/shell",
		Access:    "shell",
		ExpiresAt: time.Date(2030, 1, 2, 4, 4, 5, 0, time.FixedZone("x", 3600)),
	}
}

func TestCommandEnvironment(t *testing.T) {
	t.Parallel()

	base := map[string]string{
		"LATCH_REQUEST_ID": "r-42",
		"LATCH_USER":       "ada@example.com",
		"LATCH_RESOURCE":   "demo/shell",
		"LATCH_ACCESS":     "shell",
	}
	tests := []struct {
		action  string
		expires string
	}{
		{action: "grant", expires: "2030-01-02T03:04:05Z"},
		{action: "remove", expires: ""},
	}
	for _, tt := range tests {
		t.Run(tt.action, func(t *testing.T) {
			t.Parallel()
			script := writeScript(t, envDumpScript)
			out := filepath.Join(t.TempDir(), "env")
			argv := []string{"/bin/sh", script, out}
			c := demoCommand(argv, argv, time.Minute)

			call := c.Grant
			if tt.action == "remove" {
				call = c.Remove
			}
			require.NoError(t, call(t.Context(), demoGrant()))

			want := map[string]string{"LATCH_ACTION": tt.action, "LATCH_EXPIRES_AT": tt.expires}
			for k, v := range base {
				want[k] = v
			}
			for _, k := range []string{"PATH", "HOME"} {
				if v, ok := os.LookupEnv(k); ok {
					want[k] = v
				}
			}
			assert.Equal(t, want, readEnv(t, out))
		})
	}
}

// TestCommandEnvironmentIsolated sets a variable in latch's own environment,
// so it cannot run in parallel.
func TestCommandEnvironmentIsolated(t *testing.T) {
	t.Setenv("LATCH_TEST_SECRET", "hunter2")
	script := writeScript(t, envDumpScript)
	out := filepath.Join(t.TempDir(), "env")
	argv := []string{"/bin/sh", script, out}
	c := demoCommand(argv, argv, time.Minute)

	require.NoError(t, c.Grant(t.Context(), demoGrant()))

	raw, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.NotContains(t, string(raw), "LATCH_TEST_SECRET")
	assert.NotContains(t, string(raw), "hunter2")
}

func TestCommandFailure(t *testing.T) {
	t.Parallel()
	script := writeScript(t, `echo "some progress"; echo "  no such group  " >&2; exit 3`)
	argv := []string{"/bin/sh", script}
	c := demoCommand(argv, argv, time.Minute)

	err := c.Grant(t.Context(), demoGrant())

	require.Error(t, err)
	assert.Equal(t, `command grant "demo/shell": exit status 3: no such group`, err.Error())
	var exitErr *exec.ExitError
	require.ErrorAs(t, err, &exitErr)
	assert.Equal(t, 3, exitErr.ExitCode())
}

func TestCommandStderrTail(t *testing.T) {
	t.Parallel()
	// 10000 bytes of "x", then a marker: only the last 4 KiB are kept.
	script := writeScript(t, `head -c 10000 /dev/zero | tr '\0' x >&2; echo END >&2; exit 1`)
	argv := []string{"/bin/sh", script}
	c := demoCommand(argv, argv, time.Minute)

	err := c.Remove(t.Context(), demoGrant())

	require.Error(t, err)
	// The last 4096 bytes are 4092 x's and "END\n"; the newline is trimmed.
	want := `command remove "demo/shell": exit status 1: ` + strings.Repeat("x", 4092) + "END"
	assert.Equal(t, want, err.Error())
}

func TestCommandTimeoutKillsGroup(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		timeout  time.Duration
		deadline time.Duration
	}{
		{name: "configured timeout", timeout: 300 * time.Millisecond, deadline: time.Minute},
		{name: "context deadline", timeout: time.Minute, deadline: 300 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			pidFile := filepath.Join(t.TempDir(), "child.pid")
			script := writeScript(t, `sleep 60 & echo $! > "$1"; echo waiting >&2; wait`)
			argv := []string{"/bin/sh", script, pidFile}
			c := demoCommand(argv, argv, tt.timeout)
			ctx, cancel := context.WithTimeout(t.Context(), tt.deadline)
			defer cancel()

			start := time.Now()
			err := c.Grant(ctx, demoGrant())

			require.Error(t, err)
			assert.Less(t, time.Since(start), 5*time.Second)
			assert.True(t, errors.Is(err, context.DeadlineExceeded), "error: %v", err)
			assert.Contains(t, err.Error(), "waiting")
			assertGone(t, readPID(t, pidFile))
		})
	}
}

func readPID(t *testing.T, path string) int {
	t.Helper()
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	pid, err := strconv.Atoi(strings.TrimSpace(string(raw)))
	require.NoError(t, err)
	return pid
}

// assertGone waits a little for pid to be gone or a zombie: once its parent
// is dead, it is reaped by whoever adopts it, which may be slow or never.
func assertGone(t *testing.T, pid int) {
	t.Helper()
	require.Eventually(t, func() bool {
		if errors.Is(syscall.Kill(pid, 0), syscall.ESRCH) {
			return true
		}
		stat, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
		if err != nil {
			return errors.Is(err, os.ErrNotExist)
		}
		// The state follows the parenthesised command name.
		_, rest, _ := strings.Cut(string(stat), ") ")
		return strings.HasPrefix(rest, "Z")
	}, 5*time.Second, 20*time.Millisecond, "child %d still runs", pid)
}

func TestCommandRefuses(t *testing.T) {
	t.Parallel()
	marker := filepath.Join(t.TempDir(), "ran")
	script := writeScript(t, `touch "$1"`)
	argv := []string{"/bin/sh", script, marker}
	tests := []struct {
		name    string
		command *Command
		access  string
		want    string
	}{
		{
			name:    "unknown access",
			command: demoCommand(argv, argv, time.Minute),
			access:  "root",
			want:    `command grant "demo/root": unknown access "root": offered are shell`,
		},
		{
			name:    "no program",
			command: demoCommand(nil, argv, time.Minute),
			access:  "shell",
			want:    `command grant "demo/shell": no grant program configured`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			g := demoGrant()
			g.Access = tt.access

			err := tt.command.Grant(t.Context(), g)

			require.EqualError(t, err, tt.want)
		})
	}
	t.Cleanup(func() {
		_, err := os.Stat(marker)
		assert.ErrorIs(t, err, os.ErrNotExist, "a refused call ran the program")
	})
}

func TestTailBuffer(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		writes []string
		want   string
	}{
		{name: "short", writes: []string{"ab", "cd"}, want: "abcd"},
		{name: "exact", writes: []string{"abcd"}, want: "abcd"},
		{name: "one long write", writes: []string{"abcdefg"}, want: "defg"},
		{name: "many writes", writes: []string{"abc", "def", "g"}, want: "defg"},
		{name: "trimmed", writes: []string{" a\n"}, want: "a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := &tailBuffer{max: 4}
			for _, w := range tt.writes {
				n, err := b.Write([]byte(w))
				require.NoError(t, err)
				require.Equal(t, len(w), n)
			}
			assert.Equal(t, tt.want, b.String())
		})
	}
}
