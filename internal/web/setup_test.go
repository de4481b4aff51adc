package web_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/latchhq/latch/internal/lifecycle"
	"github.com/latchhq/latch/internal/request"
	"github.com/latchhq/latch/internal/server"
	"github.com/latchhq/latch/internal/testenv/latchtest"
	"github.com/latchhq/latch/internal/web"
)

// bundle is one running latch with its dashboard, for a test.
type bundle struct {
	t      *testing.T
	srv    *server.Server
	url    string
	dir    string
	oidc   *testProvider
	tokens map[string]string
	clock  *clock
}

// clock is a settable clock for session timeouts.
type clock struct {
	mu  sync.Mutex
	off time.Duration
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.off)
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.off += d
}

// People of the test directory, by role: alice requests, bob and carol
// approve, dave administers, erin audits.
var people = []string{"alice", "bob", "carol", "dave", "erin"}

// setup starts latch with the dashboard (development sign-in and OIDC
// through a provider started here) on a fresh SQLite store. Its command
// integration "demo" appends each grant and removal to files under b.dir.
func setup(t *testing.T) *bundle {
	t.Helper()
	return setupStore(t, "")
}

// setupStore is setup on the store at storeURL, which other bundles may
// share as replicas do; "" is a fresh SQLite file.
func setupStore(t *testing.T, storeURL string) *bundle {
	t.Helper()
	dir := t.TempDir()
	if storeURL == "" {
		storeURL = "sqlite:" + filepath.Join(dir, "latch.db")
	}
	script := filepath.Join(dir, "target.sh")
	os.WriteFile(script, []byte(`
echo "$LATCH_REQUEST_ID $LATCH_USER $LATCH_RESOURCE $LATCH_EXPIRES_AT" >> "$(dirname "$0")/$LATCH_ACTION.log"
`), 0o644)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	op := newTestProvider(t, base+"/login/callback")

	var users strings.Builder
	for _, u := range people {
		fmt.Fprintf(&users, "    - {email: %s@example.com, name: %s%s}\n", u,
			strings.ToUpper(u[:1]), u[1:])
	}
	yaml := fmt.Sprintf(`
listen: 127.0.0.1:0
store: %s
directory:
  users:
%s  admins: {users: [dave@example.com]}
  auditors: {users: [erin@example.com]}
approvals:
  approvers: {users: [bob@example.com, carol@example.com]}
  require_reason: true
  expiry_options: [5m, 1h, 1d]
  max_duration: 1w
jobs: {max_attempts: 3, retry_base: 50ms, retry_max: 200ms}
integrations:
  - name: demo
    type: command
    command:
      grant: [/bin/sh, %s]
      remove: [/bin/sh, %s]
      accesses: [{name: shell, description: Shell on the demo host}, {name: logs}]
web:
  base_url: %s
  dev_login: true
  oidc: {issuer: %s, client_id: latch-test, client_secret: s3cret}
`, storeURL, users.String(), script, script, base, op.url)
	clk := &clock{}
	l := latchtest.Start(t, dir, yaml, latchtest.Options{
		Server: server.Options{
			Lifecycle: lifecycle.Options{PollInterval: 20 * time.Millisecond},
			Web:       web.Options{Now: clk.now},
		},
		Listener: ln,
	})
	return &bundle{t: t, srv: l.Server, url: base, dir: dir, oidc: op, tokens: l.Tokens,
		clock: clk}
}

// actor is a directory person acting directly on the service.
func (b *bundle) actor(user string) lifecycle.Actor {
	p, ok := b.srv.Service().Directory().Person(user + "@example.com")
	if !ok {
		b.t.Fatalf("%s is not in the directory", user)
	}
	return lifecycle.Actor{Person: p, Source: request.SourceAPI}
}

// create makes a request as user through the service.
func (b *bundle) create(user, resource, reason string) request.Request {
	b.t.Helper()
	r, err := b.srv.Service().Create(context.Background(), b.actor(user),
		lifecycle.CreateInput{Resource: resource, Reason: reason, Duration: "1h"})
	if err != nil {
		b.t.Fatal(err)
	}
	return r
}

// client returns an HTTP client signed in as user through the development
// sign-in ("" for nobody). It does not follow redirects.
func (b *bundle) client(user string) *http.Client {
	b.t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	if user == "" {
		return c
	}
	resp, err := c.PostForm(b.url+"/login/dev", url.Values{"email": {user + "@example.com"}})
	if err != nil {
		b.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		b.t.Fatalf("dev sign-in as %s: %d", user, resp.StatusCode)
	}
	return c
}

// get fetches path with c and returns the status and body.
func (b *bundle) get(c *http.Client, path string) (int, string) {
	b.t.Helper()
	resp, err := c.Get(b.url + path)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// waitStatus polls until request id reaches status, or fails after 15s.
func (b *bundle) waitStatus(id string, status request.Status) request.Request {
	b.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		r, err := b.srv.Store().GetRequest(context.Background(), id)
		if err != nil {
			b.t.Fatal(err)
		}
		if r.Status == status {
			return r
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("request %s is %s after 15s, want %s", id, r.Status, status)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
