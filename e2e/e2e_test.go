package e2e

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/latchhq/latch/internal/testenv"
)

const directoryYAML = `
directory:
  users:
    - {email: alice@example.com, groups: [engineering]}
    - {email: bob@example.com, groups: [sre]}
    - {email: carol@example.com, groups: [sre]}
    - {email: dave@example.com, groups: [security]}
  admins: {groups: [security]}
approvals:
  approvers: {groups: [sre]}
  require_reason: true
  max_duration: 1d
  expiry_options: [5m, 1h, 1d]
`

func suffix() string {
	var b [4]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// A requester asks for a PostgreSQL role through the CLI, an approver
// approves it for a few seconds, and latch makes and then removes the
// membership, as PostgreSQL's own catalog shows.
func TestPostgresGrantEndToEnd(t *testing.T) {
	dsn := testenv.PostgresURL(t)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sfx := suffix()
	role, prefix := "e2e_readonly_"+sfx, "e2e"+sfx+"_"
	dbUser := prefix + "alice"
	for _, q := range []string{
		`CREATE ROLE "` + role + `" NOLOGIN`,
		`CREATE ROLE "` + dbUser + `" LOGIN`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		db.Exec(`DROP ROLE IF EXISTS "` + dbUser + `"`)
		db.Exec(`DROP ROLE IF EXISTS "` + role + `"`)
	})
	member := func() bool {
		var n int
		err := db.QueryRow(`
SELECT COUNT(*)
FROM pg_auth_members m
JOIN pg_roles r ON r.oid = m.roleid
JOIN pg_roles u ON u.oid = m.member
WHERE r.rolname = $1 AND u.rolname = $2`, role, dbUser).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		return n > 0
	}

	in := newInstance(t, `
listen: $LISTEN
store: sqlite:$DIR/latch.db
`+directoryYAML+`
integrations:
  - name: db
    type: postgres
    postgres:
      dsn_file: $DIR/dsn
      user: local_part
      user_prefix: `+prefix+`
      roles: [{name: `+role+`}]
`, map[string]string{"dsn": dsn + "\n"}, "alice@example.com", "bob@example.com")
	in.start()

	resource := "db/" + role
	id := strings.TrimSpace(in.as("alice@example.com", "request", resource,
		"--reason", "restore a customer's data", "--duration", "1h"))
	if member() {
		t.Fatal("member before approval")
	}
	in.as("bob@example.com", "approve", id, "--expiry", "3s")
	active := in.waitStatus("alice@example.com", id, "active", 15*time.Second)
	if !member() {
		t.Fatalf("%s is not a member of %s while the grant is active", dbUser, role)
	}
	ended := in.waitStatus("alice@example.com", id, "expired", 15*time.Second)
	if member() {
		t.Fatalf("%s is still a member of %s after expiry", dbUser, role)
	}
	if lag := ended.EndedAt.Sub(*active.EndsAt); lag > 2*time.Second {
		t.Errorf("removed %v after expiry, want within 2s", lag)
	}

	want := []struct{ kind, actor string }{
		{"requested", "alice@example.com"},
		{"approved", "bob@example.com"},
		{"granted", "latch"},
		{"ending", "latch"},
		{"expired", "latch"},
	}
	if len(ended.Events) != len(want) {
		t.Fatalf("history has %d events, want %d: %+v", len(ended.Events), len(want), ended.Events)
	}
	for i, w := range want {
		e := ended.Events[i]
		if e.Kind != w.kind || e.Actor != w.actor || e.At.IsZero() {
			t.Errorf("event %d = %s by %s at %v, want %s by %s", i, e.Kind, e.Actor, e.At,
				w.kind, w.actor)
		}
	}
	if ended.Events[0].Source != "cli" || ended.Events[1].Source != "cli" {
		t.Errorf("CLI events have sources %q and %q, want cli",
			ended.Events[0].Source, ended.Events[1].Source)
	}
}

const commandYAML = `
listen: $LISTEN
store: sqlite:$DIR/latch.db
` + directoryYAML + `
jobs: {max_attempts: 3, retry_base: 100ms, retry_max: 500ms}
integrations:
  - name: demo
    type: command
    command:
      grant: [/bin/sh, -c, 'echo "$LATCH_REQUEST_ID" >> $DIR/grant.log']
      remove: [/bin/sh, -c, 'echo "$LATCH_REQUEST_ID" >> $DIR/remove.log']
      accesses: [{name: shell}]
`

// Self-approval through the CLI is refused in two-party mode.
func TestCLISelfApprovalRefused(t *testing.T) {
	t.Parallel()
	in := newInstance(t, commandYAML, map[string]string{}, "bob@example.com", "carol@example.com")
	in.start()
	bob := "bob@example.com"
	id := strings.TrimSpace(in.as(bob, "request", "demo/shell", "--reason", "deploy"))
	_, stderr, code := in.run(&bob, "approve", id, "--expiry", "1h")
	if code == 0 || !strings.Contains(stderr, "two-party") {
		t.Fatalf("bob approving his own request: exit %d, %q; want a refusal naming two-party",
			code, stderr)
	}
	if r := in.show(bob, id); r.Status != "pending" {
		t.Fatalf("status after refused self-approval = %s", r.Status)
	}
	in.as("carol@example.com", "approve", id, "--expiry", "1h")
	in.waitStatus(bob, id, "active", 10*time.Second)
}

// A server killed without warning while a grant is active, and started
// again after the grant's end, removes the access within seconds.
func TestRestartAfterExpiryRemoves(t *testing.T) {
	t.Parallel()
	in := newInstance(t, commandYAML, map[string]string{}, "alice@example.com", "bob@example.com")
	in.start()
	id := strings.TrimSpace(in.as("alice@example.com", "request", "demo/shell",
		"--reason", "hotfix"))
	in.as("bob@example.com", "approve", id, "--expiry", "2s")
	active := in.waitStatus("alice@example.com", id, "active", 10*time.Second)

	in.kill()
	time.Sleep(time.Until(active.EndsAt.Add(time.Second)))
	if removed, _ := os.ReadFile(filepath.Join(in.dir, "remove.log")); len(removed) > 0 {
		t.Fatal("removed while the server was down?")
	}

	restarted := time.Now()
	in.start()
	ended := in.waitStatus("alice@example.com", id, "expired", 10*time.Second)
	if took := ended.EndedAt.Sub(restarted); took > 5*time.Second {
		t.Errorf("removed %v after the restart, want within seconds", took)
	}
	last := ended.Events[len(ended.Events)-1]
	if last.Kind != "expired" || !last.At.Equal(*ended.EndedAt) {
		t.Errorf("history ends with %+v, want the expiry with its time", last)
	}
	removed, _ := os.ReadFile(filepath.Join(in.dir, "remove.log"))
	if got := strings.TrimSpace(string(removed)); got != id {
		t.Errorf("removal calls = %q, want exactly one for %s", got, id)
	}
}

// --wait follows a request: 0 once granted, 2 when denied.
func TestCLIWait(t *testing.T) {
	t.Parallel()
	in := newInstance(t, commandYAML, map[string]string{}, "alice@example.com", "bob@example.com")
	in.start()
	alice := "alice@example.com"

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	type result struct {
		out  string
		code int
	}
	results := make(chan result, 2)
	wait := func() {
		out, _, code := in.run(&alice, "request", "demo/shell", "--reason", "look", "--wait",
			"--timeout", "20s")
		results <- result{out, code}
	}
	approveNext := func(expiry string, deny bool) {
		for ctx.Err() == nil {
			out := in.as("bob@example.com", "ls", "--status", "pending", "-o", "json")
			if i := strings.Index(out, `"id": "`); i >= 0 {
				id := out[i+7 : i+17]
				if deny {
					in.as("bob@example.com", "deny", id, "--reason", "not now")
				} else {
					in.as("bob@example.com", "approve", id, "--expiry", expiry)
				}
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	}

	go wait()
	approveNext("1h", false)
	if r := <-results; r.code != 0 {
		t.Errorf("--wait on a granted request exited %d, want 0", r.code)
	}
	go wait()
	approveNext("", true)
	if r := <-results; r.code != 2 {
		t.Errorf("--wait on a denied request exited %d, want 2", r.code)
	}
}

// A revoked token stops working at once.
func TestTokenRevoke(t *testing.T) {
	t.Parallel()
	in := newInstance(t, commandYAML, map[string]string{}, "alice@example.com")
	in.start()
	alice := "alice@example.com"
	in.as(alice, "whoami")

	out, _, code := in.run(nil, "token", "list", "--config", in.config)
	if code != 0 || !strings.Contains(out, alice) {
		t.Fatalf("token list: exit %d\n%s", code, out)
	}
	id := strings.Fields(strings.Split(out, "\n")[1])[0]
	if _, errOut, code := in.run(nil, "token", "revoke", "--config", in.config, id); code != 0 {
		t.Fatalf("token revoke: exit %d: %s", code, errOut)
	}
	if _, errOut, code := in.run(&alice, "whoami"); code == 0 || !strings.Contains(errOut, "unknown token") {
		t.Fatalf("whoami with a revoked token: exit %d: %s", code, errOut)
	}
	if _, errOut, code := in.run(nil, "token", "revoke", "--config", in.config, "nope"); code == 0 {
		t.Fatalf("revoking an unknown token succeeded: %s", errOut)
	}
}
