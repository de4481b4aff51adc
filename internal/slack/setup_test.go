package slack_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/latchhq/latch/internal/api"
	"github.com/latchhq/latch/internal/lifecycle"
	"github.com/latchhq/latch/internal/request"
	"github.com/latchhq/latch/internal/server"
	latchslack "github.com/latchhq/latch/internal/slack"
	"github.com/latchhq/latch/internal/testenv"
	"github.com/latchhq/latch/internal/testenv/latchtest"
)

const (
	testSecret  = "8f742231b10e8888abcd99yyyzzz85a5"
	testChannel = "C0APPROVALS"
)

// bundle is one running latch with Slack connected to a fake Slack.
type bundle struct {
	t      *testing.T
	srv    *server.Server
	url    string
	slack  *fakeSlack
	dir    string
	tokens map[string]string
	logs   *latchtest.LogBuffer
}

type setupOptions struct {
	// beforeStart changes the fake Slack before latch starts.
	beforeStart func(f *fakeSlack)
	extraYAML   string
}

// setup starts latch on a fresh SQLite store, with Slack connected to a
// fake Slack and a command integration "demo" that logs its calls.
func setup(t *testing.T, o setupOptions) *bundle {
	t.Helper()
	dir := t.TempDir()
	script := filepath.Join(dir, "target.sh")
	os.WriteFile(script,
		[]byte(`echo "$LATCH_REQUEST_ID $LATCH_USER" >> "$(dirname "$0")/$LATCH_ACTION.log"`), 0o644)
	f := newFakeSlack(t)
	if o.beforeStart != nil {
		o.beforeStart(f)
	}
	yaml := fmt.Sprintf(`
listen: 127.0.0.1:0
store: sqlite:%s
directory:
  users:
    - {email: alice@example.com}
    - {email: bob@example.com}
    - {email: carol@example.com}
    - {email: dave@example.com}
    - {email: mallory@example.com}
    - {email: nobody@example.com}
  admins: {users: [dave@example.com]}
approvals:
  approvers: {users: [bob@example.com, carol@example.com, nobody@example.com]}
  require_reason: true
  expiry_options: [5m, 1h, 1d]
  max_duration: 1d
  approvable_window: 1h
jobs:
  max_attempts: 5
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
slack:
  bot_token: %s
  signing_secret: %s
  channel: %s
  approver_group: latch-approvers
  base_url: https://latch.example.com/
%s`, filepath.Join(dir, "latch.db"), script, script, testToken, testSecret, testChannel,
		o.extraYAML)
	logs := &latchtest.LogBuffer{}
	var ids atomic.Int64
	l := latchtest.Start(t, dir, yaml, latchtest.Options{
		Server: server.Options{
			Lifecycle: lifecycle.Options{
				PollInterval: 50 * time.Millisecond,
				NewID:        func() string { return fmt.Sprintf("req%07d", ids.Add(1)) },
			},
			Slack: latchslack.Options{APIURL: f.URL()},
		},
		Log: logs,
	})
	return &bundle{t: t, srv: l.Server, url: l.URL, slack: f, dir: dir, tokens: l.Tokens,
		logs: logs}
}

// do calls the API as user ("" for no token) and decodes a successful
// answer into out when it is not nil. It returns the status and the body.
func (b *bundle) do(user, method, path, body string, out any) (int, []byte) {
	b.t.Helper()
	return latchtest.Call(b.t, b.url, b.tokens[user], method, path, body, out)
}

// create makes a request as user through the API.
func (b *bundle) create(user, resource, wish string) api.Request {
	b.t.Helper()
	var r api.Request
	code, raw := b.do(user, "POST", "/api/v1/requests",
		fmt.Sprintf(`{"resource":%q,"reason":"look into <!channel> INC-42","duration":%q}`,
			resource, wish), &r)
	if code != http.StatusCreated {
		b.t.Fatalf("create: %d %s", code, raw)
	}
	return r
}

// get reads a request with its events through the API, as the admin.
func (b *bundle) get(id string) api.Request {
	b.t.Helper()
	var r api.Request
	b.do("dave", "GET", "/api/v1/requests/"+id, "", &r)
	return r
}

// signed posts body to a Slack endpoint of latch, signed as Slack signs.
func (b *bundle) signed(path, contentType, body string, header http.Header) *http.Response {
	b.t.Helper()
	ts, sig := latchslack.Sign(testSecret, time.Now(), []byte(body))
	h := http.Header{"Content-Type": {contentType}, "X-Slack-Request-Timestamp": {ts},
		"X-Slack-Signature": {sig}}
	for k, v := range header {
		h[k] = v
	}
	return b.post(path, body, h)
}

// signedOK posts a signed form to a Slack endpoint of latch and fails
// unless latch answers 200.
func (b *bundle) signedOK(path, body string) {
	b.t.Helper()
	resp := b.signed(path, "application/x-www-form-urlencoded", body, nil)
	if resp.StatusCode != http.StatusOK {
		b.t.Fatalf("%s: %d", path, resp.StatusCode)
	}
}

// post posts body to latch with exactly these headers.
func (b *bundle) post(path, body string, header http.Header) *http.Response {
	b.t.Helper()
	req, _ := http.NewRequest("POST", b.url+path, strings.NewReader(body))
	req.Header = header.Clone()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	b.t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// click sends a block_actions payload: user clicks action on request id,
// with expiry chosen in the select and reason typed in the input.
func (b *bundle) click(user, action, id, expiry, reason string) {
	b.t.Helper()
	resp := b.signed("/slack/interactions", "application/x-www-form-urlencoded",
		clickBody(user, action, id, expiry, reason), nil)
	if resp.StatusCode != http.StatusOK {
		b.t.Fatalf("click: %d", resp.StatusCode)
	}
}

func clickBody(user, action, id, expiry, reason string) string {
	return clickBodyFrom(testTeam, user, action, id, expiry, reason)
}

// clickBodyFrom is a click by user of the workspace team.
func clickBodyFrom(team, user, action, id, expiry, reason string) string {
	payload := map[string]any{
		"type":    "block_actions",
		"team":    map[string]any{"id": team, "domain": "t-" + strings.ToLower(team)},
		"user":    map[string]any{"id": user, "team_id": team},
		"channel": map[string]any{"id": testChannel},
		"actions": []any{map[string]any{
			"type": "button", "action_id": action, "block_id": "latch_decide", "value": id,
		}},
		"state": map[string]any{"values": map[string]any{
			"latch_decide": map[string]any{"expiry": map[string]any{
				"type": "static_select", "selected_option": map[string]any{"value": expiry},
			}},
			"latch_reason": map[string]any{"reason": map[string]any{
				"type": "plain_text_input", "value": reason,
			}},
		}},
	}
	raw, _ := json.Marshal(payload)
	return url.Values{"payload": {string(raw)}}.Encode()
}

// waitFor polls cond until it holds, or fails after 15s.
func (b *bundle) waitFor(what string, cond func() bool) {
	b.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			rows, _ := b.srv.Store().DB().Query(
				"SELECT kind, state, attempt, CAST(errors AS TEXT) FROM river_job WHERE kind LIKE 'slack%'")
			for rows != nil && rows.Next() {
				var k, st, e string
				var a int
				rows.Scan(&k, &st, &a, &e)
				b.t.Logf("job %s %s attempt %d errors %s", k, st, a, e)
			}
			b.t.Fatalf("still waiting after 15s for %s; last message:\n%s\nlogs:\n%s", what,
				b.lastMessage(), b.logs.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitStatus waits for the request to reach status.
func (b *bundle) waitStatus(id string, status request.Status) api.Request {
	b.t.Helper()
	var r api.Request
	b.waitFor("request "+id+" to be "+string(status), func() bool {
		r = b.get(id)
		return r.Status == string(status)
	})
	return r
}

// channelPosts are the approval messages posted to the channel.
func (b *bundle) channelPosts() []apiCall {
	return b.slack.callsTo("chat.postMessage", func(c apiCall) bool {
		return c.OK && c.Form.Get("channel") == testChannel && c.Form.Get("thread_ts") == ""
	})
}

// lastMessage returns the latest blocks sent for the approval message, by
// post or update.
func (b *bundle) lastMessage() string {
	var last string
	b.slack.mu.Lock()
	defer b.slack.mu.Unlock()
	for _, c := range b.slack.calls {
		if !c.OK || c.Form.Get("channel") != testChannel || c.Form.Get("thread_ts") != "" {
			continue
		}
		if c.Method == "chat.postMessage" || c.Method == "chat.update" {
			last = c.Form.Get("blocks")
		}
	}
	return strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(last)
}

// snapshot is the state a refused call must leave unchanged.
func (b *bundle) snapshot() string {
	b.t.Helper()
	return testenv.Snapshot(b.t, b.srv.Store().DB(),
		"SELECT id, version, status, approved_by, denied_by, ended_by FROM requests ORDER BY seq",
		"SELECT id, request_id, kind, actor FROM events ORDER BY id",
		"SELECT request_id, ts FROM slack_messages ORDER BY request_id",
		"SELECT event_id FROM slack_events ORDER BY event_id",
	)
}

// jobsLeft counts Slack jobs still to run (not completed or discarded).
func (b *bundle) jobsLeft(kind string) int {
	b.t.Helper()
	var n int
	err := b.srv.Store().DB().QueryRow(`SELECT COUNT(*) FROM river_job
		WHERE kind = $1 AND state NOT IN ('completed', 'discarded', 'cancelled')`, kind).Scan(&n)
	if err != nil {
		b.t.Fatal(err)
	}
	return n
}

func readAll(t *testing.T, resp *http.Response) string {
	t.Helper()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// waitPosted waits until the approval message of id is posted and its ts
// stored, so that a snapshot taken after it does not race the post job.
func (b *bundle) waitPosted(id string) {
	b.t.Helper()
	b.waitFor("the approval message", func() bool {
		_, ok, err := b.srv.Store().SlackMessage(context.Background(), id)
		return err == nil && ok && len(b.channelPosts()) == 1
	})
}
