package slack_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	latchslack "github.com/latchhq/latch/internal/slack"
)

// A wrong secret, a changed body, an old timestamp and a missing header
// each get 401 on every Slack endpoint, and change nothing.
func TestSignatureFailuresChangeNothing(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOptions{})
	r := b.create("alice", "demo/shell", "1h")
	b.waitPosted(r.ID)
	before := b.snapshot()
	calls := len(b.slack.callsTo("chat.postEphemeral", nil))

	click := clickBody("U0BOB", "approve", r.ID, "1h", "")
	bodies := map[string]string{
		"/slack/interactions": click,
		"/slack/events": `{"type":"event_callback","event_id":"Ev1","event":{"type":"message",` +
			`"user":"U0BOB","channel":"` + testChannel + `","text":"hi","ts":"2.0",` +
			`"thread_ts":"1700000000.000001"}}`,
		"/slack/commands": "user_id=U0ALICE&text=request+demo%2Flogs+--reason+x",
	}
	now := time.Now()
	tests := []struct {
		name string
		sign func(body string) (ts, sig, sent string)
	}{
		{"wrong secret", func(body string) (string, string, string) {
			ts, sig := latchslack.Sign("not-the-secret", now, []byte(body))
			return ts, sig, body
		}},
		{"changed body", func(body string) (string, string, string) {
			ts, sig := latchslack.Sign(testSecret, now, []byte(body))
			return ts, sig, strings.Replace(body, "U0BOB", "U0CAROL", 1) + "&x=1"
		}},
		{"old timestamp", func(body string) (string, string, string) {
			ts, sig := latchslack.Sign(testSecret, now.Add(-6*time.Minute), []byte(body))
			return ts, sig, body
		}},
		{"missing header", func(body string) (string, string, string) {
			return "", "", body
		}},
	}
	for _, tt := range tests {
		for path, body := range bodies {
			ts, sig, sent := tt.sign(body)
			req, _ := http.NewRequest("POST", b.url+path, strings.NewReader(sent))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if ts != "" {
				req.Header.Set("X-Slack-Request-Timestamp", ts)
				req.Header.Set("X-Slack-Signature", sig)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("%s to %s: %d, want 401", tt.name, path, resp.StatusCode)
			}
		}
	}

	// A correctly signed click still works afterwards, so the refusals were
	// about the signatures, not the calls.
	if got := b.snapshot(); got != before {
		t.Errorf("refused calls changed the store:\nbefore:\n%s\nafter:\n%s", before, got)
	}
	if n := b.jobsLeft("slack_action") + b.jobsLeft("slack_reply"); n != 0 {
		t.Errorf("refused calls queued %d jobs", n)
	}
	if n := len(b.slack.callsTo("chat.postEphemeral", nil)); n != calls {
		t.Errorf("refused calls answered in Slack")
	}
	b.click("U0BOB", "approve", r.ID, "1h", "")
	b.waitStatus(r.ID, "active")
}
