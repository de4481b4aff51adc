package slack_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
)

const testToken = "xoxb-test-token"

// apiCall is one call the fake Slack Web API answered.
type apiCall struct {
	Method string
	Form   url.Values
	// OK is whether the fake answered {"ok":true}.
	OK bool
}

// fakeSlack speaks the Slack Web API's wire format: form-encoded POSTs (or
// GETs with the arguments in the query, which Slack takes too) carrying the
// token, {"ok":...} JSON answers, and HTTP 429 with Retry-After for rate
// limits.
type fakeSlack struct {
	t   *testing.T
	srv *httptest.Server

	mu    sync.Mutex
	calls []apiCall
	// users are the accounts users.info knows, by id.
	users map[string]fakeUser
	// fail queues failures per method: an HTTP status (500, 429) or a
	// Slack error code, each used by one call.
	fail map[string][]string
	// groupErr, when set, answers every usergroups call with this error.
	groupErr string
	ts       int
}

// testTeam is the workspace latch's token belongs to.
const testTeam = "T0LATCH"

// fakeUser is a Slack account as users.info describes it. Team is
// testTeam unless set.
type fakeUser struct {
	Email, Team                           string
	Stranger, Restricted, UltraRestricted bool
	Deleted, Bot                          bool
}

func newFakeSlack(t *testing.T) *fakeSlack {
	f := &fakeSlack{t: t, fail: map[string][]string{}, users: map[string]fakeUser{
		"U0ALICE":    {Email: "alice@example.com"},
		"U0BOB":      {Email: "bob@example.com"},
		"U0CAROL":    {Email: "carol@example.com"},
		"U0DAVE":     {Email: "dave@example.com"},
		"U0MALLORY":  {Email: "mallory@example.com"},
		"U0STRANGER": {Email: "stranger@elsewhere.example"},
	}}
	f.srv = httptest.NewServer(f)
	t.Cleanup(f.srv.Close)
	return f
}

// URL is the API base URL to hand to slack-go.
func (f *fakeSlack) URL() string { return f.srv.URL + "/api/" }

func (f *fakeSlack) failNext(method string, how ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fail[method] = append(f.fail[method], how...)
}

// callsTo returns the calls of method that match keep (nil keeps all).
func (f *fakeSlack) callsTo(method string, keep func(apiCall) bool) []apiCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []apiCall
	for _, c := range f.calls {
		if c.Method == method && (keep == nil || keep(c)) {
			out = append(out, c)
		}
	}
	return out
}

func (f *fakeSlack) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	method := strings.TrimPrefix(r.URL.Path, "/api/")
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	args := r.PostForm
	if r.Method == http.MethodGet {
		args = r.URL.Query()
	}
	token := args.Get("token")
	if token == "" {
		token = strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	}

	f.mu.Lock()
	call := apiCall{Method: method, Form: args}
	var how string
	if q := f.fail[method]; len(q) > 0 {
		how, f.fail[method] = q[0], q[1:]
	}
	f.mu.Unlock()

	var answer map[string]any
	switch {
	case r.Method != http.MethodPost && r.Method != http.MethodGet,
		r.Method == http.MethodPost &&
			!strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded"):
		answer = slackErr("invalid_form_data")
	case token != testToken:
		answer = slackErr("invalid_auth")
	case how == "500":
		f.record(call)
		http.Error(w, "<html>upstream error</html>", http.StatusInternalServerError)
		return
	case how == "429":
		f.record(call)
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusTooManyRequests)
		w.Write([]byte(`{"ok":false,"error":"ratelimited"}`))
		return
	case how != "":
		answer = slackErr(how)
	default:
		answer = f.answer(method, args)
	}
	call.OK = answer["ok"] == true
	f.record(call)
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(answer)
}

func (f *fakeSlack) record(c apiCall) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, c)
}

func slackErr(code string) map[string]any { return map[string]any{"ok": false, "error": code} }

func (f *fakeSlack) answer(method string, form url.Values) map[string]any {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch method {
	case "chat.postMessage":
		f.ts++
		ch := form.Get("channel")
		if strings.HasPrefix(ch, "U") {
			ch = "D" + ch[1:]
		}
		return map[string]any{"ok": true, "channel": ch,
			"ts": fmt.Sprintf("1700000000.%06d", f.ts), "message": map[string]any{}}
	case "chat.getPermalink":
		ch, ts := form.Get("channel"), form.Get("message_ts")
		if ch == "" || ts == "" {
			return slackErr("message_not_found")
		}
		return map[string]any{"ok": true, "channel": ch, "permalink": "https://latch-test.slack.com/archives/" +
			ch + "/p" + strings.ReplaceAll(ts, ".", "")}
	case "chat.update":
		return map[string]any{"ok": true, "channel": form.Get("channel"), "ts": form.Get("ts")}
	case "chat.postEphemeral":
		return map[string]any{"ok": true, "message_ts": "1700000001.000001"}
	case "auth.test":
		return map[string]any{"ok": true, "url": "https://latch-test.slack.com/",
			"team": "latch test", "user": "latch", "team_id": testTeam,
			"user_id": "U0LATCHBOT", "bot_id": "B0LATCH", "is_enterprise_install": false}
	case "users.info":
		u, ok := f.users[form.Get("user")]
		if !ok {
			return slackErr("user_not_found")
		}
		return map[string]any{"ok": true, "user": u.info(form.Get("user"))}
	case "users.lookupByEmail":
		// Slack finds the workspace's own members by their email, as
		// written, whatever its case; never guests' hosts or strangers.
		for _, id := range slices.Sorted(maps.Keys(f.users)) {
			u := f.users[id]
			if strings.EqualFold(strings.TrimSpace(u.Email), form.Get("email")) &&
				u.team() == testTeam && !u.Stranger {
				return map[string]any{"ok": true, "user": u.info(id)}
			}
		}
		return slackErr("users_not_found")
	case "usergroups.list", "usergroups.users.update", "usergroups.create":
		if f.groupErr != "" {
			return slackErr(f.groupErr)
		}
		g := map[string]any{"id": "S0APPROVERS", "handle": "latch-approvers",
			"users": strings.Split(form.Get("users"), ",")}
		if method == "usergroups.list" {
			return map[string]any{"ok": true, "usergroups": []any{g}}
		}
		return map[string]any{"ok": true, "usergroup": g}
	}
	return slackErr("unknown_method")
}

func (u fakeUser) team() string {
	if u.Team == "" {
		return testTeam
	}
	return u.Team
}

// info is the user object of users.info, with the fields latch reads.
func (u fakeUser) info(id string) map[string]any {
	return map[string]any{"id": id, "team_id": u.team(), "name": strings.ToLower(id),
		"deleted": u.Deleted, "is_bot": u.Bot, "is_restricted": u.Restricted,
		"is_ultra_restricted": u.UltraRestricted, "is_stranger": u.Stranger,
		"profile": map[string]any{"email": u.Email}}
}
