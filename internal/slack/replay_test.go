package slack_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	latchslack "github.com/latchhq/latch/internal/slack"
)

// signedForm returns the headers Slack signs a form with, and the same with
// the signature's hex digits in capitals, which pass as well.
func signedForm(body string) (http.Header, http.Header) {
	ts, sig := latchslack.Sign(testSecret, time.Now(), []byte(body))
	h := http.Header{"Content-Type": {"application/x-www-form-urlencoded"},
		"X-Slack-Request-Timestamp": {ts}, "X-Slack-Signature": {sig}}
	upper := h.Clone()
	upper.Set("X-Slack-Signature", "v0="+strings.ToUpper(strings.TrimPrefix(sig, "v0=")))
	return h, upper
}

// A signed slash command sent again within its five minutes, as is or
// with its signature spelled in capitals, is answered 200 with nothing and
// makes no second request.
func TestReplayedCommandDoesNothing(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOptions{})
	cmd := commandBody(testTeam, "U0ALICE", "request demo/shell --reason look at INC-42")
	h, upper := signedForm(cmd)
	if got := readAll(t, b.post("/slack/commands", cmd, h)); !strings.Contains(got, "req0000001") {
		t.Fatalf("command: %s", got)
	}
	for _, h := range []http.Header{h, upper} {
		resp := b.post("/slack/commands", cmd, h)
		if got := readAll(t, resp); resp.StatusCode != http.StatusOK || got != "" {
			t.Errorf("replayed command: %d %q, want 200 and no answer", resp.StatusCode, got)
		}
	}
	var total int
	b.srv.Store().DB().QueryRow("SELECT COUNT(*) FROM requests").Scan(&total)
	if total != 1 {
		t.Errorf("%d requests, want 1: a replayed command made one", total)
	}
}

// A signed click sent again is answered 200 and queues no second job, so
// the clicker hears once.
func TestReplayedClickDoesNothing(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOptions{})
	r := b.create("alice", "demo/shell", "1h")
	b.waitFor("the approval message", func() bool { return len(b.channelPosts()) == 1 })
	click := clickBody("U0MALLORY", "approve", r.ID, "1h", "")
	h, upper := signedForm(click)
	for _, h := range []http.Header{h, h, upper} {
		if resp := b.post("/slack/interactions", click, h); resp.StatusCode != http.StatusOK {
			t.Fatalf("click: %d", resp.StatusCode)
		}
	}
	b.waitFor("the click's jobs", func() bool { return b.jobsLeft("slack_action") == 0 })
	var jobs int
	b.srv.Store().DB().QueryRow("SELECT COUNT(*) FROM river_job WHERE kind = 'slack_action'").
		Scan(&jobs)
	if jobs != 1 || len(b.ephemerals("U0MALLORY")) != 1 {
		t.Errorf("%d click jobs and %d answers, want 1 and 1", jobs,
			len(b.ephemerals("U0MALLORY")))
	}
}
