package slack_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/latchhq/latch/internal/request"
)

// reply sends an Events API delivery of a message in the thread of ts.
func (b *bundle) reply(eventID, user, threadTS, text string, header http.Header) int {
	b.t.Helper()
	return b.replyFrom(testTeam, eventID, user, threadTS, text, header)
}

// replyFrom is a reply by user of the workspace team, delivered to latch's
// own.
func (b *bundle) replyFrom(team, eventID, user, threadTS, text string, header http.Header) int {
	b.t.Helper()
	raw, _ := json.Marshal(map[string]any{
		"type": "event_callback", "event_id": eventID, "team_id": testTeam,
		"event": map[string]any{"type": "message", "user": user, "channel": testChannel,
			"team": team, "user_team": team,
			"text": text, "ts": "1700000099.000001", "thread_ts": threadTS},
	})
	resp := b.signed("/slack/events", "application/json", string(raw), header)
	return resp.StatusCode
}

// A reply in the message's thread becomes a comment by the mapped latch
// user; Slack's retry of the same delivery is ignored; nothing of it is
// echoed back into the thread.
func TestThreadReplyBecomesComment(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOptions{})
	r := b.create("alice", "demo/shell", "1h")
	ts := b.messageTS(r.ID)

	if code := b.reply("Ev01", "U0BOB", ts, "which table do you need?", nil); code != 200 {
		t.Fatalf("event: %d", code)
	}
	if code := b.reply("Ev01", "U0BOB", ts, "which table do you need?",
		http.Header{"X-Slack-Retry-Num": {"1"}, "X-Slack-Retry-Reason": {"http_timeout"}},
	); code != 200 {
		t.Fatalf("retried event: %d", code)
	}
	b.waitFor("the comment", func() bool { return b.count(r.ID, request.KindComment) == 1 })

	got := b.get(r.ID)
	for _, e := range got.Events {
		if e.Kind == request.KindComment && (e.Actor != "bob@example.com" ||
			e.Source != "slack" || e.Message != "which table do you need?") {
			t.Errorf("comment %+v", e)
		}
	}
	b.reply("Ev02", "U0ALICE", ts, "users", nil)
	b.waitFor("the second comment", func() bool { return b.count(r.ID, request.KindComment) == 2 })
	var jobs int
	b.srv.Store().DB().QueryRow("SELECT COUNT(*) FROM river_job WHERE kind = 'slack_reply'").
		Scan(&jobs)
	if n := b.count(r.ID, request.KindComment); n != 2 || jobs != 2 {
		t.Errorf("%d comments from %d jobs, want 2 and 2: the retry was taken again", n, jobs)
	}

	// Someone latch does not know is told, privately, that their reply
	// was not recorded.
	b.reply("Ev03", "U0STRANGER", ts, "me too", nil)
	b.waitFor("the stranger's answer", func() bool { return len(b.ephemerals("U0STRANGER")) == 1 })
	if got := b.ephemerals("U0STRANGER")[0]; !strings.Contains(got, "was not added") {
		t.Errorf("stranger told %q", got)
	}
	if n := b.count(r.ID, request.KindComment); n != 2 {
		t.Errorf("%d comments after the stranger's reply, want 2", n)
	}
	if n := b.jobsLeft("slack_thread"); n != 0 || len(b.threadPosts()) != 0 {
		t.Errorf("Slack comments were echoed into the thread: %v", b.threadPosts())
	}
}

// A comment made through the API is posted into the request's thread.
func TestAPICommentReachesThread(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOptions{})
	r := b.create("alice", "demo/shell", "1h")
	code, raw := b.do("carol", "POST", "/api/v1/requests/"+r.ID+"/comments",
		`{"text":"is this for <!here> INC-42?"}`, nil)
	if code != http.StatusCreated && code != http.StatusOK {
		t.Fatalf("comment: %d %s", code, raw)
	}
	b.waitFor("the thread post", func() bool { return len(b.threadPosts()) == 1 })
	post := b.threadPosts()[0]
	ts := b.messageTS(r.ID)
	if post.Form.Get("thread_ts") != ts || post.Form.Get("channel") != testChannel {
		t.Errorf("posted to %s/%s, want the thread of %s", post.Form.Get("channel"),
			post.Form.Get("thread_ts"), ts)
	}
	want := "<@U0CAROL> (api): is this for &lt;!here&gt; INC-42?"
	if got := post.Form.Get("text"); got != want {
		t.Errorf("thread text %q, want %q", got, want)
	}
}

// threadPosts are latch's posts into approval message threads.
func (b *bundle) threadPosts() []apiCall {
	return b.slack.callsTo("chat.postMessage", func(c apiCall) bool {
		return c.OK && c.Form.Get("thread_ts") != ""
	})
}

// count counts a request's events of kind.
func (b *bundle) count(id, kind string) int {
	var n int
	for _, e := range b.get(id).Events {
		if e.Kind == kind {
			n++
		}
	}
	return n
}

// messageTS waits for the request's approval message to be recorded and
// returns its ts.
func (b *bundle) messageTS(id string) string {
	b.t.Helper()
	var ts string
	b.waitFor("the approval message of "+id, func() bool {
		m, ok, err := b.srv.Store().SlackMessage(b.t.Context(), id)
		ts = m.TS
		return ok && err == nil
	})
	return ts
}
