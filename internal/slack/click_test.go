package slack_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/latchhq/latch/internal/request"
)

// ephemerals returns the private messages sent to user.
func (b *bundle) ephemerals(user string) []string {
	var out []string
	for _, c := range b.slack.callsTo("chat.postEphemeral", nil) {
		if c.OK && c.Form.Get("user") == user {
			out = append(out, c.Form.Get("text"))
		}
	}
	return out
}

// A click by someone who may not decide gets an error only they see, and
// changes nothing: a non-approver, the requester under two-party approval,
// and a Slack user outside the directory.
func TestClickByWhoMayNotDecide(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOptions{})
	r := b.create("alice", "demo/shell", "1h")
	b.waitPosted(r.ID)
	before := b.snapshot()

	own := b.create("bob", "demo/logs", "1h")
	b.waitFor("the second message", func() bool { return len(b.channelPosts()) == 2 })
	before = b.snapshot()

	tests := []struct{ user, id, want string }{
		{"U0MALLORY", r.ID, "only approvers may decide"},
		{"U0BOB", own.ID, "you may not approve your own request"},
		{"U0STRANGER", r.ID, "is not in latch's directory"},
	}
	for _, tt := range tests {
		b.click(tt.user, "approve", tt.id, "1d", "")
		b.waitFor("the private answer to "+tt.user, func() bool {
			return len(b.ephemerals(tt.user)) == 1
		})
		if got := b.ephemerals(tt.user)[0]; !strings.Contains(got, tt.want) {
			t.Errorf("%s was told %q, want %q", tt.user, got, tt.want)
		}
	}
	b.click("U0MALLORY", "deny", r.ID, "", "no")
	b.waitFor("the answer to the deny", func() bool { return len(b.ephemerals("U0MALLORY")) == 2 })

	if got := b.snapshot(); got != before {
		t.Errorf("refused clicks changed the store:\nbefore:\n%s\nafter:\n%s", before, got)
	}
	for _, id := range []string{r.ID, own.ID} {
		if got := b.get(id).Status; got != "pending" {
			t.Errorf("%s: status %s, want pending", id, got)
		}
	}
}

// An approver's click approves with the expiry chosen in the select, and
// the grant follows.
func TestClickApprovesWithSelectedExpiry(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOptions{})
	r := b.create("alice", "demo/shell", "1h")
	b.click("U0BOB", "approve", r.ID, "5m", "")
	got := b.waitStatus(r.ID, request.Active)
	if got.ApprovedBy != "bob@example.com" || got.ApprovedDuration != "5m" {
		t.Errorf("approved by %s for %s, want bob for 5m", got.ApprovedBy, got.ApprovedDuration)
	}
	var approved bool
	for _, e := range got.Events {
		if e.Kind == request.KindApproved {
			approved = e.Source == "slack" && e.Actor == "bob@example.com"
		}
	}
	if !approved {
		t.Errorf("no approval from slack by bob in %+v", got.Events)
	}
	if len(b.ephemerals("U0BOB")) != 0 {
		t.Errorf("the approver got an error: %v", b.ephemerals("U0BOB"))
	}
	b.waitFor("the buttons to go", func() bool {
		m := b.lastMessage()
		return strings.Contains(m, "Granted at") && !strings.Contains(m, `"approve"`)
	})
}

// A Slack click racing an API approval gives one decision; the loser is
// told who won, and the message shows the winner.
func TestClickRacingAPIApproval(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOptions{})
	for i := range 5 {
		r := b.create("alice", "demo/shell", "1h")
		var (
			wg   sync.WaitGroup
			code int
			body []byte
		)
		wg.Add(2)
		go func() {
			defer wg.Done()
			code, body = b.do("carol", "POST", "/api/v1/requests/"+r.ID+"/approve",
				`{"expiry":"1h"}`, nil)
		}()
		go func() {
			defer wg.Done()
			b.click("U0BOB", "approve", r.ID, "5m", "")
		}()
		wg.Wait()

		got := b.waitStatus(r.ID, request.Active)
		var approvals int
		for _, e := range got.Events {
			if e.Kind == request.KindApproved {
				approvals++
			}
		}
		if approvals != 1 {
			t.Fatalf("round %d: %d approvals", i, approvals)
		}
		winner := map[string]string{"bob@example.com": "U0BOB",
			"carol@example.com": "U0CAROL"}[got.ApprovedBy]
		if got.ApprovedBy == "carol@example.com" {
			if code != http.StatusOK {
				t.Fatalf("round %d: carol won but the API said %d %s", i, code, body)
			}
			b.waitFor("bob to hear that carol won", func() bool {
				for _, m := range b.ephemerals("U0BOB") {
					if strings.Contains(m, r.ID+" is already") && strings.Contains(m, "<@U0CAROL>") {
						return true
					}
				}
				return false
			})
		} else if code != http.StatusConflict || !strings.Contains(string(body), "bob@example.com") {
			t.Fatalf("round %d: bob won but the API said %d %s", i, code, body)
		}
		b.waitFor("the message to show the winner "+winner, func() bool {
			m := b.lastMessage()
			return strings.Contains(m, r.ID) && strings.Contains(m, "Granted at") &&
				strings.Contains(m, fmt.Sprintf("Approved by <@%s>", winner))
		})
	}
}

// A click on a request someone else decided says what they did, who and
// when, without reading as if the clicker did it.
func TestClickOnDecidedRequest(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOptions{})
	approved := b.create("alice", "demo/shell", "1h")
	denied := b.create("alice", "demo/logs", "1h")
	b.do("carol", "POST", "/api/v1/requests/"+approved.ID+"/approve", `{"expiry":"1h"}`, nil)
	b.do("carol", "POST", "/api/v1/requests/"+denied.ID+"/deny", `{"reason":"no"}`, nil)
	b.waitStatus(approved.ID, request.Active)

	tests := []struct {
		id, what string
		at       *time.Time
	}{
		{approved.ID, "approved", b.get(approved.ID).ApprovedAt},
		{denied.ID, "denied", b.get(denied.ID).DeniedAt},
	}
	for i, tt := range tests {
		b.click("U0BOB", "approve", tt.id, "1h", "")
		b.waitFor("the answer", func() bool { return len(b.ephemerals("U0BOB")) == i+1 })
		want := fmt.Sprintf("Request %s is already %s: %s by <@U0CAROL> at %s.", tt.id,
			tt.what, tt.what, tt.at.UTC().Format("2006-01-02 15:04 UTC"))
		if got := b.ephemerals("U0BOB")[i]; got != want {
			t.Errorf("told %q, want %q", got, want)
		}
	}
}
