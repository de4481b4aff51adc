package slack_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/latchhq/latch/internal/request"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var times = regexp.MustCompile(`\d{4}-\d\d-\d\d \d\d:\d\d UTC`)

// golden compares a message's blocks, indented and with times replaced, to
// testdata/NAME.json.
func golden(t *testing.T, name, blocks string) {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(blocks), &v); err != nil {
		t.Fatalf("%s: blocks are not JSON: %v\n%s", name, err, blocks)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	enc.Encode(v)
	got := times.ReplaceAllString(buf.String(), "TIME")
	path := filepath.Join("testdata", name+".json")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from %s:\n%s", name, path, got)
	}
}

// The approval message as posted, then as it follows the request through
// approval and grant; and a denied one with its reason.
func TestApprovalMessagePayloads(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOptions{})
	r := b.create("alice", "demo/shell", "2h")
	b.waitFor("the approval message", func() bool { return len(b.channelPosts()) == 1 })
	post := b.channelPosts()[0]
	golden(t, "approval_pending", post.Form.Get("blocks"))
	if txt := post.Form.Get("text"); strings.Contains(txt, "<!channel>") {
		t.Errorf("fallback text lets a reason mention the channel: %q", txt)
	}

	b.click("U0BOB", "approve", r.ID, "5m", "")
	b.waitStatus(r.ID, request.Active)
	b.waitFor("the message to show the grant", func() bool {
		return strings.Contains(b.lastMessage(), "Granted at")
	})
	golden(t, "approval_active", b.lastMessage())

	r2 := b.create("alice", "demo/logs", "")
	b.waitFor("the second message", func() bool { return len(b.channelPosts()) == 2 })
	b.click("U0CAROL", "deny", r2.ID, "1h", "not during the freeze")
	b.waitStatus(r2.ID, request.Denied)
	b.waitFor("the message to show the denial", func() bool {
		return strings.Contains(b.lastMessage(), "Denied by")
	})
	golden(t, "approval_denied", b.lastMessage())
}

// Where the workspace does not allow user groups, the message mentions each
// approver who has a Slack account instead of the group.
func TestApprovalMessageMentionsApproversWithoutGroups(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOptions{beforeStart: func(f *fakeSlack) { f.groupErr = "paid_only" }})
	b.create("alice", "demo/shell", "1h")
	b.waitFor("the approval message", func() bool { return len(b.channelPosts()) == 1 })
	golden(t, "approval_pending_no_group", b.channelPosts()[0].Form.Get("blocks"))
}
