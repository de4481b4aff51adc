package slack_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/latchhq/latch/internal/request"
)

// While Slack fails (HTTP 500, then rate limits), requests work through the
// API; the approval message is posted once Slack answers, never twice, and
// shows the request as it is by then.
func TestSlackFailingWhileRequestIsCreated(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOptions{})
	b.waitFor("the approver sync", func() bool {
		return len(b.slack.callsTo("usergroups.users.update", nil)) == 1
	})
	b.slack.failNext("chat.postMessage", "500", "500", "429", "500", "429")

	r := b.create("alice", "demo/shell", "1h")
	code, raw := b.do("bob", "POST", "/api/v1/requests/"+r.ID+"/approve", `{"expiry":"1h"}`, nil)
	if code != http.StatusOK {
		t.Fatalf("approve during the outage: %d %s", code, raw)
	}
	b.waitStatus(r.ID, request.Active)

	b.waitFor("the approval message", func() bool { return len(b.channelPosts()) == 1 })
	b.waitFor("every message job to finish", func() bool { return b.jobsLeft("slack_message") == 0 })
	if n := len(b.channelPosts()); n != 1 {
		t.Fatalf("%d approval messages, want 1", n)
	}
	failed := b.slack.callsTo("chat.postMessage", func(c apiCall) bool { return !c.OK })
	if len(failed) < 5 {
		t.Errorf("only %d failed posts: the outage was not exercised", len(failed))
	}
	if m := b.lastMessage(); !strings.Contains(m, "Granted at") {
		t.Errorf("the message does not show the grant:\n%s", m)
	}
	if !strings.Contains(b.logs.String(), "slack rate limit: waiting") {
		t.Error("the rate limit was not waited out")
	}
}
