package server_test

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/latchhq/latch/internal/api"
	"github.com/latchhq/latch/internal/lifecycle"
	"github.com/latchhq/latch/internal/server"
	"github.com/latchhq/latch/internal/testenv"
	"github.com/latchhq/latch/internal/testenv/latchtest"
)

// bundle is one running latch with its HTTP front, for a test.
type bundle struct {
	t      *testing.T
	srv    *server.Server
	url    string
	dir    string
	tokens map[string]string
	logs   *latchtest.LogBuffer
}

type setupOptions struct {
	oneParty    bool
	extraYAML   string
	approvers   int
	maxAttempts int
	plugins     []lifecycle.Plugin
	// sweep is how often pending requests are checked for time-outs.
	sweep time.Duration
	// orphanAfter is how long a grant or removal may go without a job.
	orphanAfter time.Duration
}

// setup starts latch on a fresh store (SQLite, or PostgreSQL under
// TestPostgres) with a command integration
// "demo" whose programs count their calls in files under b.dir. Removal
// fails while the file "remove-fails" exists there, and takes as many
// seconds as the file "remove-slow" holds.
func setup(t *testing.T, o setupOptions) *bundle {
	t.Helper()
	dir := t.TempDir()
	script := filepath.Join(dir, "target.sh")
	os.WriteFile(script, []byte(`
dir=$(dirname "$0")
if [ "$LATCH_ACTION" = remove ] && [ -e "$dir/remove-fails" ]; then
  echo "dial tcp 10.0.0.1:5432: connection refused" >&2
  exit 3
fi
if [ "$LATCH_ACTION" = grant ] && [ -e "$dir/grant-fails" ]; then
  echo "dial tcp 10.0.0.1:5432: connection refused" >&2
  exit 3
fi
if [ "$LATCH_ACTION" = grant ] && [ -e "$dir/grant-slow" ]; then
  sleep 1
fi
if [ "$LATCH_ACTION" = remove ] && [ -e "$dir/remove-slow" ]; then
  sleep "$(cat "$dir/remove-slow")"
fi
echo "$LATCH_REQUEST_ID $LATCH_USER $LATCH_RESOURCE $LATCH_EXPIRES_AT" >> "$dir/$LATCH_ACTION.log"
echo "$LATCH_ACTION $LATCH_REQUEST_ID" >> "$dir/actions.log"
`), 0o644)

	var users, approvers strings.Builder
	for _, u := range []string{"alice", "bob", "carol", "dave", "erin", "mallory"} {
		fmt.Fprintf(&users, "    - email: %s@example.com\n", u)
	}
	approvers.WriteString("[bob@example.com, carol@example.com")
	for i := range o.approvers {
		fmt.Fprintf(&users, "    - email: approver%d@example.com\n", i)
		fmt.Fprintf(&approvers, ", approver%d@example.com", i)
	}
	approvers.WriteString("]")
	if o.maxAttempts == 0 {
		o.maxAttempts = 3
	}
	yaml := fmt.Sprintf(`
listen: 127.0.0.1:0
store: %s
directory:
  users:
%s  admins: {users: [dave@example.com]}
  auditors: {users: [erin@example.com]}
approvals:
  approvers: {users: %s}
  allow_one_party: %t
  require_reason: true
  expiry_options: [5m, 1h, 1d]
  max_duration: 1d
  approvable_window: 1h
jobs:
  max_attempts: %d
  retry_base: 50ms
  retry_max: 200ms
integrations:
  - name: demo
    type: command
    timeout: 5s
    command:
      grant: [/bin/sh, %s]
      remove: [/bin/sh, %s]
      accesses: [{name: shell}, {name: logs}]
%s`, storeURL(t, dir), users.String(), approvers.String(), o.oneParty,
		o.maxAttempts, script, script, o.extraYAML)
	logs := &latchtest.LogBuffer{}
	l := latchtest.Start(t, dir, yaml, latchtest.Options{
		Server: server.Options{
			Lifecycle: lifecycle.Options{Plugins: o.plugins, SweepInterval: o.sweep,
				OrphanAfter: o.orphanAfter},
		},
		Log: logs,
	})
	return &bundle{t: t, srv: l.Server, url: l.URL, dir: dir, tokens: l.Tokens, logs: logs}
}

// do calls the API as user ("" for no token) and decodes a successful
// answer into out when it is not nil. It returns the status and the body.
func (b *bundle) do(user, method, path, body string, out any) (int, []byte) {
	b.t.Helper()
	return latchtest.Call(b.t, b.url, b.tokens[user], method, path, body, out)
}

// create makes a request as user and returns it.
func (b *bundle) create(user, resource string) api.Request {
	b.t.Helper()
	var r api.Request
	code, raw := b.do(user, "POST", "/api/v1/requests",
		fmt.Sprintf(`{"resource":%q,"reason":"investigate incident","duration":"1h"}`, resource), &r)
	if code != http.StatusCreated {
		b.t.Fatalf("create: %d %s", code, raw)
	}
	return r
}

// waitStatus polls until the request reaches status, or fails after 15s.
func (b *bundle) waitStatus(id, status string) api.Request {
	b.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		var r api.Request
		b.do("dave", "GET", "/api/v1/requests/"+id, "", &r)
		if r.Status == status {
			return r
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("request %s is %s after 15s, want %s; events: %+v", id, r.Status, status,
				r.Events)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// lines counts the target script's log lines for action.
func (b *bundle) lines(action string) int {
	raw, _ := os.ReadFile(filepath.Join(b.dir, action+".log"))
	return strings.Count(string(raw), "\n")
}

// count runs a COUNT query on the store.
func (b *bundle) count(query string, args ...any) int {
	b.t.Helper()
	var n int
	if err := b.srv.Store().DB().QueryRow(query, args...).Scan(&n); err != nil {
		b.t.Fatal(err)
	}
	return n
}

// snapshot is the store's content, to check that a rejected call changed
// nothing.
func (b *bundle) snapshot() string {
	b.t.Helper()
	return testenv.Snapshot(b.t, b.srv.Store().DB(),
		"SELECT id, version, status, approved_by, denied_by, ended_by FROM requests ORDER BY seq",
		"SELECT id, request_id, kind, actor FROM events ORDER BY id",
		"SELECT id, kind, scheduled_at FROM river_job ORDER BY id",
		"SELECT id, user_email FROM tokens ORDER BY id",
	)
}

// jobs lists the store's jobs, for a failure message.
func (b *bundle) jobs() string {
	b.t.Helper()
	return testenv.Snapshot(b.t, b.srv.Store().DB(),
		"SELECT id, kind, state, attempt, attempted_at FROM river_job ORDER BY id")
}
