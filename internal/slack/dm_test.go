package slack_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/latchhq/latch/internal/request"
)

// dms returns the direct messages sent to user, in order.
func (b *bundle) dms(user string) []apiCall {
	return b.slack.callsTo("chat.postMessage", func(c apiCall) bool {
		return c.OK && c.Form.Get("channel") == user
	})
}

// The requester hears of creation, approval, grant and end; the granted
// message's Relinquish button ends the grant, through the same rules.
func TestRequesterMessagesAndRelinquish(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOptions{extraYAML: "  reminder_before: 4m58s\n"})
	r := b.create("alice", "demo/shell", "1h")
	b.click("U0BOB", "approve", r.ID, "5m", "")
	b.waitStatus(r.ID, request.Active)
	b.waitFor("three messages", func() bool { return len(b.dms("U0ALICE")) >= 3 })

	var granted apiCall
	for _, c := range b.dms("U0ALICE") {
		if strings.Contains(c.Form.Get("text"), ":unlock:") {
			granted = c
		}
	}
	if !strings.Contains(granted.Form.Get("blocks"), `"action_id":"relinquish"`) {
		t.Fatalf("the granted message has no Relinquish button: %s", granted.Form.Get("blocks"))
	}
	b.waitFor("the reminder", func() bool {
		for _, c := range b.dms("U0ALICE") {
			if strings.Contains(c.Form.Get("text"), "ends in") {
				return true
			}
		}
		return false
	})

	b.click("U0BOB", "relinquish", r.ID, "", "")
	b.waitFor("bob's refusal", func() bool { return len(b.ephemerals("U0BOB")) == 1 })
	if got := b.get(r.ID).Status; got != "active" {
		t.Fatalf("bob relinquished alice's grant: %s", got)
	}

	b.click("U0ALICE", "relinquish", r.ID, "", "")
	b.waitStatus(r.ID, request.Relinquished)
	b.waitFor("the ended message", func() bool {
		for _, c := range b.dms("U0ALICE") {
			if strings.Contains(c.Form.Get("text"), "has ended: relinquished by <@U0ALICE>") {
				return true
			}
		}
		return false
	})
	var kinds []string
	for _, c := range b.dms("U0ALICE") {
		kinds = append(kinds, strings.Fields(c.Form.Get("text"))[0])
	}
	// Messages about different events may arrive in either order.
	slices.Sort(kinds)
	want := ":hourglass: :inbox_tray: :lock: :unlock: :white_check_mark:"
	if strings.Join(kinds, " ") != want {
		t.Errorf("messages %v, want %s", kinds, want)
	}
}

// The approver group is set to the approvers with Slack accounts; an
// approver without one is reported in the log.
func TestApproverGroupSync(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOptions{})
	b.waitFor("the sync", func() bool {
		return len(b.slack.callsTo("usergroups.users.update", nil)) == 1
	})
	c := b.slack.callsTo("usergroups.users.update", nil)[0]
	if c.Form.Get("usergroup") != "S0APPROVERS" || c.Form.Get("users") != "U0BOB,U0CAROL" {
		t.Errorf("group set to %v", c.Form)
	}
	b.waitFor("the warning", func() bool {
		return strings.Contains(b.logs.String(), `"approver has no Slack account`) &&
			strings.Contains(b.logs.String(), `"approver":"nobody@example.com"`)
	})
}
