package server_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/latchhq/latch/internal/api"
)

// Every rejected call gets a clear 4xx with a JSON error and leaves the
// store exactly as it was.
func TestBadInputChangesNothing(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOptions{})
	pending := b.create("alice", "demo/shell")
	decided := b.create("alice", "demo/logs")
	b.do("bob", "POST", "/api/v1/requests/"+decided.ID+"/approve", `{"expiry":"1h"}`, nil)
	b.waitStatus(decided.ID, "active")

	tests := []struct {
		name   string
		user   string
		method string
		path   string
		body   string
		status int
		says   string
	}{
		{"unknown resource", "alice", "POST", "/api/v1/requests",
			`{"resource":"nope/x","reason":"r"}`, 422, "latch resources"},
		{"unknown access", "alice", "POST", "/api/v1/requests",
			`{"resource":"demo/root","reason":"r"}`, 422, "shell, logs"},
		{"missing reason", "alice", "POST", "/api/v1/requests",
			`{"resource":"demo/shell","reason":"  "}`, 422, "reason is required"},
		{"duration over max", "alice", "POST", "/api/v1/requests",
			`{"resource":"demo/shell","reason":"r","duration":"2d"}`, 422, "maximum of 1d"},
		{"bad duration", "alice", "POST", "/api/v1/requests",
			`{"resource":"demo/shell","reason":"r","duration":"soon"}`, 422, "invalid duration"},
		{"invisible reason", "alice", "POST", "/api/v1/requests",
			`{"resource":"demo/shell","reason":" \u200b\u202e "}`, 422, "reason is required"},
		{"bidirectional override", "alice", "POST", "/api/v1/requests",
			`{"resource":"demo/shell","reason":"fix \u202egnp.exe"}`, 422, "bidirectional"},
		{"NUL in the reason", "alice", "POST", "/api/v1/requests",
			`{"resource":"demo/shell","reason":"a\u0000b"}`, 422, "control characters"},
		{"NUL in the text filter", "bob", "GET", "/api/v1/requests?q=%00", "", 400,
			"control characters"},
		{"text filter too long", "bob", "GET", "/api/v1/requests?q=" + strings.Repeat("a", 201),
			"", 400, "over 200 characters"},
		{"malformed JSON", "alice", "POST", "/api/v1/requests",
			`{"resource":`, 400, "malformed JSON"},
		{"unknown field", "alice", "POST", "/api/v1/requests",
			`{"resource":"demo/shell","reason":"r","duraton":"1h"}`, 400, "duraton"},
		{"missing token", "", "GET", "/api/v1/requests", "", 401, "missing bearer token"},
		{"bad token", "nobody", "GET", "/api/v1/requests", "", 401, "unknown token"},
		{"unknown id", "bob", "POST", "/api/v1/requests/zzzz/approve",
			`{"expiry":"1h"}`, 404, "no request"},
		{"stranger sees nothing", "mallory", "GET", "/api/v1/requests/" + pending.ID,
			"", 404, "no request"},
		{"not pending any more", "carol", "POST", "/api/v1/requests/" + decided.ID + "/approve",
			`{"expiry":"1h"}`, 409, "already active"},
		{"expiry over max", "bob", "POST", "/api/v1/requests/" + pending.ID + "/approve",
			`{"expiry":"1w"}`, 422, "maximum"},
		{"expiry under a second", "bob", "POST", "/api/v1/requests/" + pending.ID + "/approve",
			`{"expiry":"500ms"}`, 422, "under a second"},
		{"expiry missing", "bob", "POST", "/api/v1/requests/" + pending.ID + "/approve",
			`{}`, 422, "expiry is required"},
		{"non-approver approves", "mallory", "POST", "/api/v1/requests/" + pending.ID + "/approve",
			`{"expiry":"1h"}`, 404, "no request"},
		{"auditor approves", "erin", "POST", "/api/v1/requests/" + pending.ID + "/approve",
			`{"expiry":"1h"}`, 403, "not an approver"},
		{"requester approves own", "alice", "POST", "/api/v1/requests/" + pending.ID + "/approve",
			`{"expiry":"1h"}`, 403, "not an approver"},
		{"cancel someone else's", "bob", "POST", "/api/v1/requests/" + pending.ID + "/cancel",
			"", 403, "only the requester"},
		{"relinquish pending", "alice", "POST", "/api/v1/requests/" + pending.ID + "/relinquish",
			"", 409, "already pending"},
		{"empty comment", "alice", "POST", "/api/v1/requests/" + pending.ID + "/comments",
			`{"text":" "}`, 422, "empty"},
		{"auditor comments", "erin", "POST", "/api/v1/requests/" + pending.ID + "/comments",
			`{"text":"hi"}`, 403, "comment"},
		{"bad status filter", "bob", "GET", "/api/v1/requests?status=live", "", 400, "unknown status"},
		{"bad limit", "bob", "GET", "/api/v1/requests?limit=0", "", 400, "limit"},
		{"bad cursor", "bob", "GET", "/api/v1/requests?cursor=abc", "", 400, "cursor"},
		{"unknown route", "bob", "GET", "/api/v1/nothing", "", 404, "no such API route"},
	}
	b.tokens["nobody"] = "latch_notatoken"
	for _, tt := range tests {
		before := b.snapshot()
		code, raw := b.do(tt.user, tt.method, tt.path, tt.body, nil)
		if code != tt.status {
			t.Errorf("%s: status %d %s, want %d", tt.name, code, raw, tt.status)
			continue
		}
		var e api.ErrorBody
		if err := json.Unmarshal(raw, &e); err != nil || e.Error.Code == "" {
			t.Errorf("%s: body %s is not a JSON error", tt.name, raw)
		}
		if !strings.Contains(e.Error.Message, tt.says) {
			t.Errorf("%s: message %q does not say %q", tt.name, e.Error.Message, tt.says)
		}
		if after := b.snapshot(); after != before {
			t.Errorf("%s: the store changed:\n%s\n---\n%s", tt.name, before, after)
		}
	}
}

func TestListAndPagination(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOptions{})
	var ids []string
	for range 7 {
		ids = append(ids, b.create("alice", "demo/shell").ID)
	}
	b.create("carol", "demo/logs")

	var seen []string
	cursor := ""
	for pages := 0; ; pages++ {
		var page api.RequestList
		code, raw := b.do("bob", "GET",
			"/api/v1/requests?requester=alice@example.com&limit=3&cursor="+cursor, "", &page)
		if code != http.StatusOK {
			t.Fatalf("list: %d %s", code, raw)
		}
		for _, r := range page.Requests {
			seen = append(seen, r.ID)
		}
		if page.NextCursor == "" || pages > 5 {
			break
		}
		cursor = page.NextCursor
	}
	if len(seen) != 7 {
		t.Fatalf("paged through %d requests, want 7: %v", len(seen), seen)
	}
	for i, id := range seen {
		if id != ids[len(ids)-1-i] {
			t.Fatalf("order %v, want newest first %v", seen, ids)
		}
	}

	// A requester sees only their own, whatever they ask for.
	var mine api.RequestList
	b.do("carol", "GET", "/api/v1/requests?mine=true", "", &mine)
	if len(mine.Requests) != 1 {
		t.Errorf("carol's own: %d, want 1", len(mine.Requests))
	}
	var other api.RequestList
	b.do("mallory", "GET", "/api/v1/requests?requester=alice@example.com", "", &other)
	if len(other.Requests) != 0 {
		t.Errorf("mallory sees %d of alice's requests", len(other.Requests))
	}
}
