package slack_test

import (
	"strings"
	"testing"

	"github.com/latchhq/latch/internal/request"
)

// Only members of latch's own workspace act in latch through Slack. A
// click from a channel shared with another workspace, or by a guest, a
// deactivated account, a bot, or an account whose profile shows an
// approver's email that is not its own, is refused privately and changes
// nothing.
func TestClickOnlyByWorkspaceMembers(t *testing.T) {
	t.Parallel()
	const carol = "Carol@Example.com "
	tests := []struct {
		name string
		// team is the workspace the click's payload names.
		team string
		// user replaces carol's account, or adds U0OTHER when id is.
		id   string
		user fakeUser
		want string
	}{
		{"payload from another workspace", "T0OTHER", "U0CAROL",
			fakeUser{Email: "carol@example.com"}, "only from members of its own workspace"},
		{"account of another workspace", testTeam, "U0CAROL",
			fakeUser{Email: carol, Team: "T0OTHER"}, "only from members of its own workspace"},
		{"stranger", testTeam, "U0CAROL",
			fakeUser{Email: carol, Team: "T0OTHER", Stranger: true},
			"only from members of its own workspace"},
		{"stranger in the workspace's name", testTeam, "U0CAROL",
			fakeUser{Email: carol, Stranger: true}, "only from members of its own workspace"},
		{"multi-channel guest", testTeam, "U0CAROL",
			fakeUser{Email: carol, Restricted: true}, "from guests"},
		{"single-channel guest", testTeam, "U0CAROL",
			fakeUser{Email: carol, UltraRestricted: true}, "from guests"},
		{"deactivated", testTeam, "U0CAROL", fakeUser{Email: carol, Deleted: true},
			"cannot read the email"},
		{"bot", testTeam, "U0CAROL", fakeUser{Email: carol, Bot: true},
			"cannot read the email"},
		{"someone else's email", testTeam, "U0OTHER", fakeUser{Email: carol},
			"is not your Slack account's own"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t, setupOptions{beforeStart: func(f *fakeSlack) {
				f.users[tt.id] = tt.user
			}})
			r := b.create("alice", "demo/shell", "1h")
			b.waitPosted(r.ID)
			before := b.snapshot()

			b.signedOK("/slack/interactions",
				clickBodyFrom(tt.team, tt.id, "approve", r.ID, "1d", ""))
			b.waitFor("the private answer", func() bool { return len(b.ephemerals(tt.id)) == 1 })
			if got := b.ephemerals(tt.id)[0]; !strings.Contains(got, tt.want) {
				t.Errorf("told %q, want %q", got, tt.want)
			}
			if got := b.snapshot(); got != before {
				t.Errorf("the click changed the store:\nbefore:\n%s\nafter:\n%s", before, got)
			}
		})
	}
}

// A slash command or a thread reply from another workspace is refused as
// a click is; the workspace is asked about once.
func TestCommandAndReplyOnlyByWorkspaceMembers(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOptions{beforeStart: func(f *fakeSlack) {
		f.users["U0EXTCAROL"] = fakeUser{Email: "Carol@Example.com ", Team: "T0OTHER"}
	}})
	r := b.create("alice", "demo/shell", "1h")
	ts := b.messageTS(r.ID)

	resp := b.signed("/slack/commands", "application/x-www-form-urlencoded",
		commandBody("T0OTHER", "U0ALICE", "request demo/shell --reason x"), nil)
	if got := readAll(t, resp); !strings.Contains(got, "only from members of its own workspace") {
		t.Errorf("command from another workspace answered %s", got)
	}
	if got := b.command("U0EXTCAROL", "ls"); !strings.Contains(got,
		"only from members of its own workspace") {
		t.Errorf("command by another workspace's account answered %q", got)
	}
	var total int
	b.srv.Store().DB().QueryRow("SELECT COUNT(*) FROM requests").Scan(&total)
	if total != 1 {
		t.Errorf("%d requests, want 1", total)
	}

	b.replyFrom("T0OTHER", "Ev01", "U0CAROL", ts, "looks fine", nil)
	b.reply("Ev02", "U0EXTCAROL", ts, "looks fine", nil)
	b.waitFor("both refusals", func() bool {
		return len(b.ephemerals("U0CAROL")) == 1 && len(b.ephemerals("U0EXTCAROL")) == 1
	})
	if n := b.count(r.ID, request.KindComment); n != 0 {
		t.Errorf("%d comments from another workspace", n)
	}
	b.reply("Ev03", "U0CAROL", ts, "looks fine", nil)
	b.waitFor("carol's comment", func() bool { return b.count(r.ID, request.KindComment) == 1 })
	if n := len(b.slack.callsTo("auth.test", nil)); n != 1 {
		t.Errorf("auth.test called %d times, want once", n)
	}
}
