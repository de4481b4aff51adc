package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/latchhq/latch/internal/api"
	"github.com/latchhq/latch/internal/duration"
)

// This file holds a small in-memory server that speaks the /api/v1 wire
// format of internal/api, and a helper that runs the command line against it.

const (
	fakeToken = "test-token"
	alice     = "alice@example.com"
	bob       = "bob@example.com"
)

// t0 is when the fake's world begins.
var t0 = time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)

// fakeServer is the API server the tests talk to. The caller is always
// alice, and may do anything.
type fakeServer struct {
	srv *httptest.Server

	mu       sync.Mutex
	calls    int
	header   http.Header
	created  []api.CreateRequest
	requests []*api.Request // oldest first
	// script moves a request along as jobs and approvers would: each GET of
	// a request applies the next step.
	script []func(*api.Request)
	// failGets makes that many GETs of a request fail as a broken proxy
	// would.
	failGets int
}

func newFake(t *testing.T) *fakeServer {
	t.Helper()
	f := &fakeServer{}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/whoami", f.whoami)
	mux.HandleFunc("GET /api/v1/resources", f.resources)
	mux.HandleFunc("POST /api/v1/requests", f.create)
	mux.HandleFunc("GET /api/v1/requests", f.list)
	mux.HandleFunc("GET /api/v1/requests/{id}", f.get)
	mux.HandleFunc("POST /api/v1/requests/{id}/approve", f.approve)
	mux.HandleFunc("POST /api/v1/requests/{id}/deny", f.deny)
	mux.HandleFunc("POST /api/v1/requests/{id}/revoke", f.revoke)
	mux.HandleFunc("POST /api/v1/requests/{id}/relinquish", f.simple("active", "revoking"))
	mux.HandleFunc("POST /api/v1/requests/{id}/cancel", f.simple("pending", "canceled"))
	mux.HandleFunc("POST /api/v1/requests/{id}/retry", f.simple("errored", "approved"))
	mux.HandleFunc("POST /api/v1/requests/{id}/comments", f.comment)
	f.srv = httptest.NewServer(f.authenticate(mux))
	t.Cleanup(f.srv.Close)
	return f
}

// result is what one command line run printed and returned.
type result struct {
	stdout string
	stderr string
	code   int
}

// run runs the command line with args against f.
func (f *fakeServer) run(t *testing.T, args ...string) result {
	t.Helper()
	env := map[string]string{"LATCH_URL": f.srv.URL, "LATCH_TOKEN": fakeToken}
	return runCLI(t, env, f.srv.Client(), args...)
}

// runCLI runs the command line with args in env.
func runCLI(t *testing.T, env map[string]string, hc *http.Client, args ...string) result {
	t.Helper()
	a := &app{getenv: func(k string) string { return env[k] }, httpClient: hc}
	root := newRoot(a)
	var stdout, stderr bytes.Buffer
	root.SetOut(&stdout)
	root.SetErr(&stderr)
	code := run(t.Context(), root, args)
	return result{stdout: stdout.String(), stderr: stderr.String(), code: code}
}

// callCount is how many HTTP calls reached f.
func (f *fakeServer) callCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

// add stores r as if it had been made earlier, and returns its id.
func (f *fakeServer) add(r api.Request) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if r.ID == "" {
		r.ID = "r" + strconv.Itoa(len(f.requests)+1)
	}
	if r.RequestedAt.IsZero() {
		r.RequestedAt = t0.Add(time.Duration(len(f.requests)) * time.Minute)
	}
	f.requests = append(f.requests, &r)
	return r.ID
}

// setScript makes the next GETs of a request apply steps, one each.
func (f *fakeServer) setScript(steps ...func(*api.Request)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.script = steps
}

func (f *fakeServer) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.calls++
		f.header = r.Header.Clone()
		f.mu.Unlock()

		if r.Header.Get("Authorization") != "Bearer "+fakeToken {
			writeError(w, http.StatusUnauthorized, api.ErrorDetail{
				Code: "unauthenticated", Message: "missing or unknown API token",
			})
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (f *fakeServer) whoami(w http.ResponseWriter, _ *http.Request) {
	writeJSONBody(w, http.StatusOK, api.Whoami{
		Email: alice, Name: "Alice", Groups: []string{"eng"}, Roles: []string{"requester", "admin"},
	})
}

func (f *fakeServer) resources(w http.ResponseWriter, _ *http.Request) {
	writeJSONBody(w, http.StatusOK, api.ResourceList{Resources: []api.Resource{
		{Resource: "prod-db/readonly", Integration: "prod-db", Type: "postgres", Access: "readonly"},
		{Resource: "web-ssh/admin", Integration: "web-ssh", Type: "ssh", Access: "admin",
			Description: "root on the web hosts"},
	}})
}

func (f *fakeServer) create(w http.ResponseWriter, r *http.Request) {
	var cr api.CreateRequest
	if !decodeBody(w, r, &cr) {
		return
	}
	integration, access, _ := strings.Cut(cr.Resource, "/")
	if cr.Reason == "" {
		writeError(w, 422, api.ErrorDetail{Code: "invalid", Message: "a reason is required"})
		return
	}

	f.mu.Lock()
	f.created = append(f.created, cr)
	f.mu.Unlock()
	id := f.add(api.Request{
		Status: "pending", Requester: alice, Resource: cr.Resource,
		Integration: integration, Access: access,
		Reason: cr.Reason, RequestedDuration: cr.Duration,
		Events: []api.Event{event("created", alice, "", "pending", "")},
	})
	f.respond(w, http.StatusCreated, id)
}

func (f *fakeServer) list(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f.mu.Lock()
	var match []api.Request
	for _, req := range slices.Backward(f.requests) {
		if keep(*req, q.Get("status"), q.Get("requester"), q.Get("resource"), q.Get("mine")) {
			c := *req
			c.Events = nil
			match = append(match, c)
		}
	}
	f.mu.Unlock()

	start, _ := strconv.Atoi(q.Get("cursor"))
	limit, err := strconv.Atoi(q.Get("limit"))
	if err != nil || limit <= 0 {
		limit = 50
	}
	page := api.RequestList{Requests: []api.Request{}}
	end := min(start+limit, len(match))
	if start < end {
		page.Requests = match[start:end]
	}
	if end < len(match) {
		page.NextCursor = strconv.Itoa(end)
	}
	writeJSONBody(w, http.StatusOK, page)
}

func keep(r api.Request, status, requester, resource, mine string) bool {
	return (status == "" || r.Status == status) &&
		(requester == "" || r.Requester == requester) &&
		(resource == "" || r.Resource == resource) &&
		(mine != "true" || r.Requester == alice)
}

func (f *fakeServer) get(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	if f.failGets > 0 {
		f.failGets--
		f.mu.Unlock()
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = io.WriteString(w, "<html>upstream down</html>")
		return
	}
	if req := f.find(r.PathValue("id")); req != nil && len(f.script) > 0 {
		f.script[0](req)
		f.script = f.script[1:]
	}
	f.mu.Unlock()
	f.respond(w, http.StatusOK, r.PathValue("id"))
}

func (f *fakeServer) approve(w http.ResponseWriter, r *http.Request) {
	var body api.Approve
	if !decodeBody(w, r, &body) {
		return
	}
	if _, err := duration.Parse(body.Expiry); err != nil {
		writeError(w, 422, api.ErrorDetail{Code: "invalid", Message: err.Error()})
		return
	}
	f.transition(w, r.PathValue("id"), "pending", func(req *api.Request) {
		approveBy(alice, body.Expiry)(req)
	})
}

func (f *fakeServer) deny(w http.ResponseWriter, r *http.Request) {
	var body api.Deny
	if !decodeBody(w, r, &body) {
		return
	}
	f.transition(w, r.PathValue("id"), "pending", denyBy(alice, body.Reason))
}

func (f *fakeServer) revoke(w http.ResponseWriter, r *http.Request) {
	var body api.Revoke
	if !decodeBody(w, r, &body) {
		return
	}
	f.transition(w, r.PathValue("id"), "active", moveTo("revoking", alice, body.Reason))
}

// simple handles an action with an empty body that moves from one status
// to another.
func (f *fakeServer) simple(from, to string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var body struct{}
		if !decodeBody(w, r, &body) {
			return
		}
		f.transition(w, r.PathValue("id"), from, moveTo(to, alice, ""))
	}
}

func (f *fakeServer) comment(w http.ResponseWriter, r *http.Request) {
	var body api.Comment
	if !decodeBody(w, r, &body) {
		return
	}
	if body.Text == "" {
		writeError(w, 422, api.ErrorDetail{Code: "invalid", Message: "empty comment"})
		return
	}
	id := r.PathValue("id")
	f.mu.Lock()
	req := f.find(id)
	if req != nil {
		req.Events = append(req.Events, event("comment", alice, "", "", body.Text))
	}
	f.mu.Unlock()
	f.respond(w, http.StatusCreated, id)
}

// transition applies change to request id when it is in status from, and
// answers a conflict naming who decided otherwise.
func (f *fakeServer) transition(w http.ResponseWriter, id, from string, change func(*api.Request)) {
	f.mu.Lock()
	req := f.find(id)
	var conflict *api.ErrorDetail
	switch {
	case req == nil:
	case req.Status != from:
		conflict = &api.ErrorDetail{
			Code:    "conflict",
			Message: fmt.Sprintf("request %s is already %s", id, req.Status),
			Status:  req.Status, DecidedBy: req.ApprovedBy, DecidedAt: req.ApprovedAt,
		}
	default:
		change(req)
	}
	f.mu.Unlock()

	if conflict != nil {
		writeError(w, http.StatusConflict, *conflict)
		return
	}
	f.respond(w, http.StatusOK, id)
}

// respond answers with request id, or 404.
func (f *fakeServer) respond(w http.ResponseWriter, status int, id string) {
	f.mu.Lock()
	req := f.find(id)
	var c api.Request
	if req != nil {
		c = *req
	}
	f.mu.Unlock()

	if req == nil {
		writeError(w, http.StatusNotFound, api.ErrorDetail{
			Code: "not_found", Message: fmt.Sprintf("no request %s", id),
		})
		return
	}
	writeJSONBody(w, status, c)
}

// find returns request id; f.mu must be held.
func (f *fakeServer) find(id string) *api.Request {
	for _, r := range f.requests {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// Steps that move a request along, for setScript and seeding.

func approveBy(who, expiry string) func(*api.Request) {
	return func(r *api.Request) {
		at := t0.Add(time.Minute)
		r.ApprovedBy, r.ApprovedAt, r.ApprovedDuration = who, &at, expiry
		moveTo("approved", who, "")(r)
	}
}

func grant(r *api.Request) {
	at, ends := t0.Add(2*time.Minute), t0.Add(62*time.Minute)
	r.GrantedAt, r.EndsAt = &at, &ends
	moveTo("active", "latch", "")(r)
}

func denyBy(who, reason string) func(*api.Request) {
	return func(r *api.Request) {
		at := t0.Add(time.Minute)
		r.DeniedBy, r.DeniedAt = who, &at
		moveTo("denied", who, reason)(r)
	}
}

func moveTo(status, actor, msg string) func(*api.Request) {
	return func(r *api.Request) {
		r.Events = append(r.Events, event("status", actor, r.Status, status, msg))
		r.Status = status
	}
}

func event(kind, actor, from, to, msg string) api.Event {
	return api.Event{
		At: t0, Kind: kind, Actor: actor, Source: "api",
		FromStatus: from, ToStatus: to, Message: msg,
	}
}

func decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if r.Header.Get("Content-Type") != "application/json" || dec.Decode(v) != nil {
		writeError(w, http.StatusBadRequest, api.ErrorDetail{
			Code: "bad_request", Message: "want a JSON body",
		})
		return false
	}
	return true
}

func writeError(w http.ResponseWriter, status int, d api.ErrorDetail) {
	writeJSONBody(w, status, api.ErrorBody{Error: d})
}

func writeJSONBody(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
