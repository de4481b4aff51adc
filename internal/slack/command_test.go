package slack_test

import (
	"encoding/json"
	"io"
	"net/url"
	"strings"
	"testing"

	"github.com/latchhq/latch/internal/request"
)

// command runs /latch text as user and returns the answer's text, checking
// that only the user sees it.
func (b *bundle) command(user, text string) string {
	b.t.Helper()
	resp := b.signed("/slack/commands", "application/x-www-form-urlencoded",
		commandBody(testTeam, user, text), nil)
	raw, _ := io.ReadAll(resp.Body)
	var answer struct {
		ResponseType string `json:"response_type"`
		Text         string `json:"text"`
	}
	if err := json.Unmarshal(raw, &answer); err != nil || resp.StatusCode != 200 {
		b.t.Fatalf("/latch %s: %d %s", text, resp.StatusCode, raw)
	}
	if answer.ResponseType != "ephemeral" {
		b.t.Errorf("/latch %s answered %q, want ephemeral", text, answer.ResponseType)
	}
	return answer.Text
}

// commandBody is /latch text typed by user of the workspace team.
func commandBody(team, user, text string) string {
	return url.Values{"command": {"/latch"}, "team_id": {team}, "user_id": {user},
		"text": {text}, "channel_id": {"D0ALICE"}}.Encode()
}

func TestSlashCommand(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOptions{})

	if got := b.command("U0ALICE", ""); !strings.Contains(got, "/latch request RESOURCE") {
		t.Errorf("/latch alone: %q", got)
	}
	got := b.command("U0ALICE", `request demo/shell --reason “look at INC-42” now --duration 2h`)
	if !strings.Contains(got, "req0000001") {
		t.Fatalf("request: %q", got)
	}
	r := b.get("req0000001")
	if r.Requester != "alice@example.com" || r.Reason != "look at INC-42 now" ||
		r.RequestedDuration != "2h" || r.Events[0].Source != "slack" {
		t.Errorf("created %+v", r)
	}
	if got := b.command("U0ALICE", "ls"); !strings.Contains(got, "req0000001") ||
		!strings.Contains(got, "pending") {
		t.Errorf("ls: %q", got)
	}

	errs := []struct{ user, text, want string }{
		{"U0ALICE", "request demo/shell", "reason is required"},
		{"U0ALICE", "request demo/shell --reason x --duration 2w", "over the maximum"},
		{"U0ALICE", "request nope/x --reason x", "nope"},
		{"U0ALICE", "request demo/shell --reason x --force", "Unknown option"},
		{"U0ALICE", "frobnicate", "Unknown command"},
		{"U0STRANGER", "ls", "not in latch's directory"},
	}
	for _, e := range errs {
		if got := b.command(e.user, e.text); !strings.Contains(got, e.want) {
			t.Errorf("/latch %s: %q, want %q", e.text, got, e.want)
		}
	}
	if n := b.count("req0000001", request.KindRequested); n != 1 {
		t.Errorf("%d requested events", n)
	}
	var total int
	b.srv.Store().DB().QueryRow("SELECT COUNT(*) FROM requests").Scan(&total)
	if total != 1 {
		t.Errorf("%d requests, want 1: a refused command created one", total)
	}
}
