package e2e

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/latchhq/latch/internal/api"
	"github.com/latchhq/latch/internal/testenv"
)

// Replica test sizes: requests in all, how many of them ask for a
// PostgreSQL role (each for its own user), and after how many the first
// replica is killed.
const (
	replicaRequests = 200
	replicaDBGrants = 20
	replicaKillAt   = 100
)

// Two replicas on one PostgreSQL take 200 requests, created and approved
// through either at random, each for two seconds. One replica is killed
// without warning midway. Every grant is made and removed, once, as the
// target counts it; no event is written twice; the survivor finishes all.
func TestReplicasShareWorkAndSurviveAKill(t *testing.T) {
	t.Parallel()
	storeURL := testenv.PostgresSchema(t)
	targetURL := testenv.PostgresURL(t)
	target, err := sql.Open("pgx", targetURL)
	if err != nil {
		t.Fatal(err)
	}
	defer target.Close()
	role, users := makeRoles(t, target)

	a, b := newReplicas(t, storeURL, targetURL, role, users)
	a.start()
	b.start()

	memberships := watchMemberships(t, target, role)
	ids, dbIDs := driveReplicas(t, a, b, role, users)

	storeDB, err := sql.Open("pgx", storeURL)
	if err != nil {
		t.Fatal(err)
	}
	defer storeDB.Close()
	waitAllExpired(t, storeDB, b, 90*time.Second)
	seen := memberships()

	rerun := rerunRequests(t, storeDB)
	checkTargetCalls(t, filepath.Join(b.dir, "grant.log"), ids, dbIDs, rerun)
	checkTargetCalls(t, filepath.Join(b.dir, "remove.log"), ids, dbIDs, rerun)
	checkHistories(t, storeDB)
	for _, u := range users {
		if !seen.ever[u] {
			t.Errorf("%s never became a member of %s", u, role)
		}
	}
	if len(seen.now) > 0 {
		t.Errorf("members of %s after every grant expired: %v", role, seen.now)
	}
	t.Logf("%d requests re-run after the kill (idempotent calls at the target)", len(rerun))
}

// makeRoles creates the role granted and one login user per database grant.
func makeRoles(t *testing.T, db *sql.DB) (string, []string) {
	sfx := suffix()
	role := "rep_ro_" + sfx
	stmts := []string{`CREATE ROLE "` + role + `" NOLOGIN`}
	var users []string
	for i := range replicaDBGrants {
		u := fmt.Sprintf("rep%s_u%d", sfx, i)
		users = append(users, u)
		stmts = append(stmts, `CREATE ROLE "`+u+`" LOGIN`)
	}
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		for _, u := range users {
			db.Exec(`DROP ROLE IF EXISTS "` + u + `"`)
		}
		db.Exec(`DROP ROLE IF EXISTS "` + role + `"`)
	})
	return role, users
}

// newReplicas writes one configuration for two replicas that differ only in
// their listen address, and makes tokens for the requesters and approvers.
func newReplicas(t *testing.T, storeURL, targetURL, role string,
	dbUsers []string) (*instance, *instance) {
	var dir strings.Builder
	dir.WriteString("directory:\n  users:\n")
	dir.WriteString("    - {email: alice@example.com}\n")
	dir.WriteString("    - {email: bob@example.com, groups: [sre]}\n")
	dir.WriteString("    - {email: carol@example.com, groups: [sre]}\n")
	emails := []string{"alice@example.com", "bob@example.com", "carol@example.com"}
	prefix := strings.TrimSuffix(dbUsers[0], "u0")
	for _, u := range dbUsers {
		email := strings.TrimPrefix(u, prefix) + "@example.com"
		fmt.Fprintf(&dir, "    - {email: %s}\n", email)
		emails = append(emails, email)
	}
	yaml := `
listen: $LISTEN
store_file: $DIR/store
` + dir.String() + `
approvals:
  approvers: {groups: [sre]}
  require_reason: true
  max_duration: 1d
  expiry_options: [2s, 1h]
jobs: {max_attempts: 5, retry_base: 100ms, retry_max: 1s}
integrations:
  - name: demo
    type: command
    timeout: 3s
    command:
      grant: [/bin/sh, -c, 'echo "$LATCH_REQUEST_ID" >> $DIR/grant.log']
      remove: [/bin/sh, -c, 'echo "$LATCH_REQUEST_ID" >> $DIR/remove.log']
      accesses: [{name: shell}]
  - name: db
    type: postgres
    timeout: 3s
    postgres:
      dsn_file: $DIR/dsn
      user: local_part
      user_prefix: ` + prefix + `
      roles: [{name: ` + role + `}]
`
	files := map[string]string{"store": storeURL + "\n", "dsn": targetURL + "\n"}
	a := newInstance(t, yaml, files, emails...)

	// The second replica shares the first's folder (and so the command
	// integration's logs) but listens elsewhere.
	b := newInstance(t, yaml, map[string]string{"store": storeURL + "\n",
		"dsn": targetURL + "\n"})
	b.tokens = a.tokens
	raw, err := os.ReadFile(b.config)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(b.config, []byte(strings.ReplaceAll(string(raw), b.dir, a.dir)), 0o600)
	b.dir = a.dir
	return a, b
}

// driveReplicas creates and approves the requests through either replica at
// random, 8 at a time, and kills a after replicaKillAt approvals. It returns
// the ids of the command requests and of the database ones.
func driveReplicas(t *testing.T, a, b *instance, role string,
	dbUsers []string) ([]string, []string) {
	var (
		next, approved atomic.Int64
		killed         atomic.Bool
		killOnce       sync.Once
		mu             sync.Mutex
		ids, dbIDs     []string
		wg             sync.WaitGroup
	)
	prefix := strings.TrimSuffix(dbUsers[0], "u0")
	pick := func() *instance {
		if killed.Load() || rand.IntN(2) == 0 {
			return b
		}
		return a
	}
	for range 8 {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= replicaRequests || t.Failed() {
					return
				}
				user, resource := "alice@example.com", "demo/shell"
				if i%(replicaRequests/replicaDBGrants) == 0 {
					u := dbUsers[i/(replicaRequests/replicaDBGrants)]
					user = strings.TrimPrefix(u, prefix) + "@example.com"
					resource = "db/" + role
				}
				id := createVia(t, pick, user, resource)
				approveVia(t, pick, []string{"bob@example.com", "carol@example.com"}[i%2], id)
				mu.Lock()
				if user == "alice@example.com" {
					ids = append(ids, id)
				} else {
					dbIDs = append(dbIDs, id)
				}
				mu.Unlock()
				if approved.Add(1) == replicaKillAt {
					killOnce.Do(func() {
						killed.Store(true)
						a.kill()
					})
				}
			}
		})
	}
	wg.Wait()
	if len(ids)+len(dbIDs) != replicaRequests {
		t.Fatalf("made %d requests, want %d", len(ids)+len(dbIDs), replicaRequests)
	}
	return ids, dbIDs
}

// callVia makes one API call through a replica pick chooses, and through the
// survivor when that replica is gone. It returns the status and body.
func callVia(t *testing.T, pick func() *instance, user, path, body string) (int, []byte) {
	for attempt := 0; ; attempt++ {
		in := pick()
		req, _ := http.NewRequest("POST", in.url+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+in.tokens[user])
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			if attempt > 20 {
				t.Errorf("POST %s: %v", path, err)
				return 0, nil
			}
			continue // the replica was killed: the next pick is the survivor
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp.StatusCode, raw
	}
}

func createVia(t *testing.T, pick func() *instance, user, resource string) string {
	code, raw := callVia(t, pick, user, "/api/v1/requests",
		fmt.Sprintf(`{"resource":%q,"reason":"replica test"}`, resource))
	var r api.Request
	if code != http.StatusCreated || json.Unmarshal(raw, &r) != nil {
		t.Errorf("create %s as %s: %d %s", resource, user, code, raw)
	}
	return r.ID
}

// approveVia approves id for two seconds. A conflict means an earlier try
// whose answer was lost with its replica went through.
func approveVia(t *testing.T, pick func() *instance, approver, id string) {
	code, raw := callVia(t, pick, approver, "/api/v1/requests/"+id+"/approve",
		`{"expiry":"2s"}`)
	if code != http.StatusOK && code != http.StatusConflict {
		t.Errorf("approve %s: %d %s", id, code, raw)
	}
}

// membershipLog is which users of the role were members at some point, and
// which are now.
type membershipLog struct {
	ever map[string]bool
	now  []string
}

// watchMemberships polls the role's members every 20ms until the returned
// function is called, which stops it and returns what it saw.
func watchMemberships(t *testing.T, db *sql.DB, role string) func() membershipLog {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	log := membershipLog{ever: map[string]bool{}}
	members := func() []string {
		rows, err := db.Query(`
SELECT u.rolname
FROM pg_auth_members m
JOIN pg_roles r ON r.oid = m.roleid
JOIN pg_roles u ON u.oid = m.member
WHERE r.rolname = $1`, role)
		if err != nil {
			t.Error(err)
			return nil
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var u string
			rows.Scan(&u)
			out = append(out, u)
		}
		return out
	}
	go func() {
		defer close(done)
		for ctx.Err() == nil {
			for _, u := range members() {
				log.ever[u] = true
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	stop := sync.OnceFunc(func() { cancel(); <-done })
	t.Cleanup(stop) // before the test closes db, also when it fails
	return func() membershipLog {
		stop()
		log.now = members()
		return log
	}
}

// waitAllExpired waits until every approved request has expired: none is
// approved, active or revoking, and none errored.
func waitAllExpired(t *testing.T, db *sql.DB, survivor *instance, within time.Duration) {
	deadline := time.Now().Add(within)
	for {
		counts := map[string]int{}
		rows, err := db.Query(`SELECT status, COUNT(*) FROM requests GROUP BY status`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var (
				st string
				n  int
			)
			rows.Scan(&st, &n)
			counts[st] = n
		}
		rows.Close()
		if counts["expired"] >= replicaRequests && counts["approved"]+counts["active"]+
			counts["revoking"]+counts["errored"] == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %v: %v; unfinished jobs:\n%s\nsurvivor's log:\n%s", within,
				counts, unfinishedJobs(db), survivor.logs)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// rerunRequests are the requests whose provisioning or removal job ran more
// than once: the jobs the killed replica was running, rescued by the
// survivor. Their integration call may have reached the target before the
// kill, so the target may count it twice; latch's calls are idempotent.
func rerunRequests(t *testing.T, db *sql.DB) map[string]bool {
	// The queue records completions in batches, a moment after the work,
	// so the killed replica may have made a grant whose job it never marked
	// done. Such a job is rescued and run again (finding nothing to do) by
	// the survivor: after the rescue delay (the jobs' timeout of 20s plus
	// 10s, for this configuration) at the queue's next look, every 30s.
	var unfinished int
	for range 400 {
		db.QueryRow(`SELECT COUNT(*) FROM river_job WHERE kind IN ('provision', 'remove')
	AND state <> 'completed'`).Scan(&unfinished)
		if unfinished == 0 {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if unfinished > 0 {
		t.Errorf("%d provisioning or removal jobs not completed:\n%s", unfinished,
			unfinishedJobs(db))
	}

	rows, err := db.Query(`
SELECT args->>'request_id'
FROM river_job
WHERE kind IN ('provision', 'remove')
	AND attempt > 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		rows.Scan(&id)
		out[id] = true
	}
	return out
}

// checkTargetCalls checks the command integration's log: one line per
// request, two at most for a request whose job was rescued, none for the
// database requests.
func checkTargetCalls(t *testing.T, path string, ids, dbIDs []string, rerun map[string]bool) {
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	calls := map[string]int{}
	for _, id := range strings.Fields(string(raw)) {
		calls[id]++
	}
	for _, id := range ids {
		n := calls[id]
		switch {
		case n == 1:
		case n == 2 && rerun[id]:
			t.Logf("%s: %s called twice, by the killed replica and again after rescue",
				filepath.Base(path), id)
		default:
			t.Errorf("%s: %s called %d times (re-run: %v), want once", filepath.Base(path),
				id, n, rerun[id])
		}
		delete(calls, id)
	}
	if len(calls) > 0 {
		t.Errorf("%s: calls for unknown requests %v (database ones: %v)",
			filepath.Base(path), calls, dbIDs)
	}
}

// checkHistories checks that every request's history is exactly requested,
// approved, granted, ending, expired: no event twice, none missing. A create
// whose answer was lost with the killed replica was made again, leaving a
// request that was only ever requested.
func checkHistories(t *testing.T, db *sql.DB) {
	rows, err := db.Query(`
SELECT request_id, string_agg(kind, ' ' ORDER BY id)
FROM events
GROUP BY request_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id, kinds string
		rows.Scan(&id, &kinds)
		if kinds == "requested" {
			t.Logf("request %s was created twice: its answer was lost", id)
			continue
		}
		if kinds != "requested approved granted ending expired" {
			t.Errorf("history of %s: %s", id, kinds)
		}
		n++
	}
	if n != replicaRequests {
		t.Errorf("%d requests have histories, want %d", n, replicaRequests)
	}
}

// unfinishedJobs lists the provisioning and removal jobs not completed, and
// the queue's leader, for a failure message.
func unfinishedJobs(db *sql.DB) string {
	var out strings.Builder
	rows, err := db.Query(`
SELECT id, kind, state, attempt, attempted_at, scheduled_at, attempted_by, errors
FROM river_job
WHERE kind IN ('provision', 'remove')
	AND state <> 'completed'
ORDER BY id`)
	if err != nil {
		return err.Error()
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id, attempt             int64
			kind, state             string
			attempted, scheduled    sql.NullTime
			attemptedBy, errorsJSON sql.NullString
		)
		rows.Scan(&id, &kind, &state, &attempt, &attempted, &scheduled, &attemptedBy,
			&errorsJSON)
		fmt.Fprintln(&out, id, kind, state, attempt, attempted.Time, scheduled.Time,
			attemptedBy.String, errorsJSON.String)
	}
	var leader string
	db.QueryRow(`SELECT leader_id FROM river_leader`).Scan(&leader)
	fmt.Fprintln(&out, "leader:", leader)
	return out.String()
}
