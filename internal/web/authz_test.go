package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/latchhq/latch/internal/request"
)

// toLogin is the expected answer "sent to the sign-in page".
const toLogin = -1

// roles are the viewers of the authorization table, in its column order.
var roles = []string{"", "alice", "bob", "erin", "dave"}

// TestAuthorization checks every page and action for anonymous, requester
// (alice), approver (bob), auditor (erin) and admin (dave). The requests
// acted on belong to carol, another approver, unless the row says "own".
// 303 means the action was done and the browser sent back to the request.
func TestAuthorization(t *testing.T) {
	t.Parallel()
	b := setup(t)

	type target int
	const (
		none target = iota
		pending
		active
		ownPending
	)
	cases := []struct {
		name   string
		method string
		path   string // "{id}" is replaced by the target request's id
		target target
		form   url.Values
		want   [5]int // anonymous, requester, approver, auditor, admin
	}{
		{"list", "GET", "/", none, nil, [5]int{toLogin, 200, 200, 200, 200}},
		{"new request page", "GET", "/new", none, nil, [5]int{toLogin, 200, 200, 200, 200}},
		{"details of another's", "GET", "/requests/{id}", pending, nil,
			[5]int{toLogin, 404, 200, 200, 200}},
		{"details of own", "GET", "/requests/{id}", ownPending, nil,
			[5]int{toLogin, 200, 200, 200, 200}},
		{"unknown request", "GET", "/requests/nosuchreq1", none, nil,
			[5]int{toLogin, 404, 404, 404, 404}},
		{"export", "GET", "/export.tsv", none, nil, [5]int{toLogin, 200, 200, 200, 200}},
		{"create", "POST", "/requests", none,
			url.Values{"resource": {"demo/logs"}, "reason": {"check"}, "duration": {"1h"}},
			[5]int{toLogin, 303, 303, 303, 303}},
		{"approve", "POST", "/requests/{id}/approve", pending, url.Values{"expiry": {"1h"}},
			[5]int{toLogin, 404, 303, 403, 303}},
		{"approve own", "POST", "/requests/{id}/approve", ownPending,
			url.Values{"expiry": {"1h"}}, [5]int{toLogin, 403, 303, 403, 303}},
		{"deny", "POST", "/requests/{id}/deny", pending, url.Values{"reason": {"no"}},
			[5]int{toLogin, 404, 303, 403, 303}},
		{"cancel", "POST", "/requests/{id}/cancel", pending, nil,
			[5]int{toLogin, 404, 403, 403, 403}},
		{"cancel own", "POST", "/requests/{id}/cancel", ownPending, nil,
			[5]int{toLogin, 303, 403, 403, 403}},
		{"comment", "POST", "/requests/{id}/comments", pending, url.Values{"text": {"hi"}},
			[5]int{toLogin, 404, 303, 403, 303}},
		{"revoke", "POST", "/requests/{id}/revoke", active, url.Values{"reason": {"done"}},
			[5]int{toLogin, 404, 303, 403, 303}},
		{"relinquish", "POST", "/requests/{id}/relinquish", active, nil,
			[5]int{toLogin, 404, 403, 403, 403}},
		{"retry a healthy request", "POST", "/requests/{id}/retry", active, nil,
			[5]int{toLogin, 404, 403, 403, 409}},
	}

	clients := map[string]*http.Client{}
	for _, role := range roles {
		clients[role] = b.client(role)
	}
	for _, tc := range cases {
		for i, role := range roles {
			path := tc.path
			switch tc.target {
			case pending:
				path = strings.ReplaceAll(path, "{id}", b.create("carol", "demo/shell", "x").ID)
			case ownPending:
				path = strings.ReplaceAll(path, "{id}", b.create("alice", "demo/shell", "x").ID)
			case active:
				r := b.create("carol", "demo/shell", "x")
				if _, err := b.srv.Service().Approve(context.Background(), b.actor("bob"),
					r.ID, "1h"); err != nil {
					t.Fatal(err)
				}
				b.waitStatus(r.ID, request.Active)
				path = strings.ReplaceAll(path, "{id}", r.ID)
			}

			var resp *http.Response
			var err error
			if tc.method == "GET" {
				resp, err = clients[role].Get(b.url + path)
			} else {
				resp, err = clients[role].PostForm(b.url+path, tc.form)
			}
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()

			got := resp.StatusCode
			loc := resp.Header.Get("Location")
			if got == http.StatusSeeOther && strings.HasPrefix(loc, "/login") {
				got = toLogin
			}
			who := role
			if who == "" {
				who = "anonymous"
			}
			if got != tc.want[i] {
				t.Errorf("%s as %s: got %d (location %q), want %d", tc.name, who, got, loc,
					tc.want[i])
			}
		}
	}
}

// TestCrossSitePostRefused checks that a browser's cross-site form post is
// refused before it reaches the action.
func TestCrossSitePostRefused(t *testing.T) {
	t.Parallel()
	b := setup(t)
	r := b.create("carol", "demo/shell", "x")
	c := b.client("bob")

	req, _ := http.NewRequest("POST", b.url+"/requests/"+r.ID+"/approve",
		strings.NewReader("expiry=1h"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site approve: %d, want 403", resp.StatusCode)
	}
	if got, _ := b.srv.Store().GetRequest(context.Background(), r.ID); got.Status != request.Pending {
		t.Fatalf("cross-site approve changed the request to %s", got.Status)
	}
}
