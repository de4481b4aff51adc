package slack_test

import (
	"context"
	"testing"

	"github.com/latchhq/latch/internal/request"
)

// The approval message's permalink is stored with it; when Slack fails to
// give one at posting, the next update of the message fills it in.
func TestApprovalMessagePermalink(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOptions{})
	ctx := context.Background()
	r := b.create("alice", "demo/shell", "1h")
	b.waitFor("the approval message", func() bool { return len(b.channelPosts()) == 1 })
	b.waitFor("the permalink", func() bool {
		m, ok, err := b.srv.Store().SlackMessage(ctx, r.ID)
		return err == nil && ok && m.Permalink ==
			"https://latch-test.slack.com/archives/"+testChannel+"/p"+tsDigits(m.TS)
	})

	b.slack.failNext("chat.getPermalink", "message_not_found")
	r2 := b.create("alice", "demo/logs", "1h")
	b.waitFor("the second message", func() bool { return len(b.channelPosts()) == 2 })
	b.waitFor("the message recorded", func() bool {
		_, ok, _ := b.srv.Store().SlackMessage(ctx, r2.ID)
		return ok
	})
	m, _, _ := b.srv.Store().SlackMessage(ctx, r2.ID)
	if m.Permalink != "" {
		t.Fatalf("permalink %q despite Slack's error", m.Permalink)
	}
	b.click("U0BOB", "approve", r2.ID, "5m", "")
	b.waitStatus(r2.ID, request.Active)
	b.waitFor("the permalink filled in", func() bool {
		m, _, _ := b.srv.Store().SlackMessage(ctx, r2.ID)
		return m.Permalink != ""
	})
}

func tsDigits(ts string) string {
	out := []byte{}
	for _, c := range []byte(ts) {
		if c != '.' {
			out = append(out, c)
		}
	}
	return string(out)
}
