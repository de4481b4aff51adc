package client

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/latchhq/latch/internal/api"
)

// seen is what the test server was asked.
type seen struct {
	method  string
	rawPath string
	query   string
	header  http.Header
	body    string
}

// answer serves status and body to every call and records the last one.
func answer(t *testing.T, status int, body string) (*Client, *seen) {
	t.Helper()
	s := &seen{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		*s = seen{r.Method, r.URL.EscapedPath(), r.URL.RawQuery, r.Header.Clone(), string(b)}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return New(srv.URL+"/", "tok", srv.Client()), s
}

func TestCalls(t *testing.T) {
	t.Parallel()
	const req = `{"id":"a b/c","status":"approved"}`
	tests := []struct {
		name     string
		call     func(*Client) error
		method   string
		path     string
		query    string
		wantBody string
	}{
		{"whoami", func(c *Client) error { _, err := c.Whoami(t.Context()); return err },
			"GET", "/api/v1/whoami", "", ""},
		{"resources", func(c *Client) error { _, err := c.Resources(t.Context()); return err },
			"GET", "/api/v1/resources", "", ""},
		{"create", func(c *Client) error {
			_, err := c.Create(t.Context(), api.CreateRequest{Resource: "db/ro", Reason: "why"})
			return err
		}, "POST", "/api/v1/requests", "", `{"resource":"db/ro","reason":"why"}`},
		{"list", func(c *Client) error {
			_, err := c.List(t.Context(), ListOptions{Status: "active", Mine: true, Limit: 5,
				Cursor: "x y"})
			return err
		}, "GET", "/api/v1/requests", "cursor=x+y&limit=5&mine=true&status=active", ""},
		{"get", func(c *Client) error { _, err := c.Get(t.Context(), "a b/c"); return err },
			"GET", "/api/v1/requests/a%20b%2Fc", "", ""},
		{"approve", func(c *Client) error {
			_, err := c.Approve(t.Context(), "a b/c", "1h")
			return err
		}, "POST", "/api/v1/requests/a%20b%2Fc/approve", "", `{"expiry":"1h"}`},
		{"deny", func(c *Client) error { _, err := c.Deny(t.Context(), "r1", "no"); return err },
			"POST", "/api/v1/requests/r1/deny", "", `{"reason":"no"}`},
		{"revoke", func(c *Client) error { _, err := c.Revoke(t.Context(), "r1", ""); return err },
			"POST", "/api/v1/requests/r1/revoke", "", `{}`},
		{"relinquish", func(c *Client) error {
			_, err := c.Relinquish(t.Context(), "r1")
			return err
		}, "POST", "/api/v1/requests/r1/relinquish", "", `{}`},
		{"cancel", func(c *Client) error { _, err := c.Cancel(t.Context(), "r1"); return err },
			"POST", "/api/v1/requests/r1/cancel", "", `{}`},
		{"retry", func(c *Client) error { _, err := c.Retry(t.Context(), "r1"); return err },
			"POST", "/api/v1/requests/r1/retry", "", `{}`},
		{"comment", func(c *Client) error {
			_, err := c.Comment(t.Context(), "r1", "ok")
			return err
		}, "POST", "/api/v1/requests/r1/comments", "", `{"text":"ok"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, s := answer(t, http.StatusOK, req)

			require.NoError(t, tt.call(c))

			assert.Equal(t, tt.method, s.method)
			assert.Equal(t, tt.path, s.rawPath)
			assert.Equal(t, tt.query, s.query)
			assert.Equal(t, "Bearer tok", s.header.Get("Authorization"))
			assert.Equal(t, "latch-cli", s.header.Get("User-Agent"))
			if tt.wantBody == "" {
				assert.Empty(t, s.body)
				return
			}
			assert.JSONEq(t, tt.wantBody, s.body)
			assert.Equal(t, "application/json", s.header.Get("Content-Type"))
		})
	}
}

func TestGetDecodes(t *testing.T) {
	t.Parallel()
	c, _ := answer(t, http.StatusOK,
		`{"id":"r1","status":"active","granted_at":"2026-05-01T10:02:00Z",`+
			`"events":[{"id":1,"kind":"created","to_status":"pending"}]}`)

	r, err := c.Get(t.Context(), "r1")

	require.NoError(t, err)
	assert.Equal(t, "active", r.Status)
	require.NotNil(t, r.GrantedAt)
	assert.Equal(t, time.Date(2026, 5, 1, 10, 2, 0, 0, time.UTC), *r.GrantedAt)
	assert.Equal(t, []api.Event{{ID: 1, Kind: "created", ToStatus: "pending"}}, r.Events)
}

func TestCreateAccepts201(t *testing.T) {
	t.Parallel()
	c, _ := answer(t, http.StatusCreated, `{"id":"r9","status":"pending"}`)

	r, err := c.Create(t.Context(), api.CreateRequest{Resource: "db/ro", Reason: "x"})

	require.NoError(t, err)
	assert.Equal(t, "r9", r.ID)
}

func TestErrors(t *testing.T) {
	t.Parallel()
	decided := time.Date(2026, 5, 1, 10, 1, 0, 0, time.UTC)
	long := "<html>" + strings.Repeat("x", 300) + "</html>"
	tests := []struct {
		name    string
		status  int
		body    string
		want    *Error
		wantMsg string
	}{
		{
			name:   "conflict",
			status: http.StatusConflict,
			body: `{"error":{"code":"conflict","message":"request abc is already approved",` +
				`"status":"approved","decided_by":"bob@example.com",` +
				`"decided_at":"2026-05-01T12:01:00+02:00"}}`,
			want: &Error{StatusCode: 409, Code: "conflict",
				Message: "request abc is already approved", Status: "approved",
				DecidedBy: "bob@example.com", DecidedAt: &decided},
			wantMsg: "conflict: request abc is already approved " +
				"(by bob@example.com at 2026-05-01T10:01:00Z)",
		},
		{
			name:   "conflict that names the decider itself",
			status: http.StatusConflict,
			body: `{"error":{"code":"conflict","message":"request abc is already approved ` +
				`(by bob@example.com at 2026-05-01T10:01:00Z)","status":"approved",` +
				`"decided_by":"bob@example.com","decided_at":"2026-05-01T10:01:00Z"}}`,
			want: &Error{StatusCode: 409, Code: "conflict",
				Message: "request abc is already approved " +
					"(by bob@example.com at 2026-05-01T10:01:00Z)",
				Status: "approved", DecidedBy: "bob@example.com", DecidedAt: &decided},
			wantMsg: "conflict: request abc is already approved " +
				"(by bob@example.com at 2026-05-01T10:01:00Z)",
		},
		{
			name:    "forbidden",
			status:  http.StatusForbidden,
			body:    `{"error":{"code":"forbidden","message":"not your request"}}`,
			want:    &Error{StatusCode: 403, Code: "forbidden", Message: "not your request"},
			wantMsg: "forbidden: not your request",
		},
		{
			name:    "code without message",
			status:  http.StatusNotFound,
			body:    `{"error":{"code":"not_found"}}`,
			want:    &Error{StatusCode: 404, Code: "not_found"},
			wantMsg: "not_found: not found",
		},
		{
			name:    "not JSON",
			status:  http.StatusBadGateway,
			body:    long,
			want:    &Error{StatusCode: 502, Message: long[:200]},
			wantMsg: "HTTP 502 Bad Gateway: " + long[:200],
		},
		{
			name:    "JSON but not an error body",
			status:  http.StatusServiceUnavailable,
			body:    `{"status":"down"}`,
			want:    &Error{StatusCode: 503, Message: `{"status":"down"}`},
			wantMsg: `HTTP 503 Service Unavailable: {"status":"down"}`,
		},
		{
			name:    "empty",
			status:  http.StatusInternalServerError,
			body:    "",
			want:    &Error{StatusCode: 500},
			wantMsg: "HTTP 500 Internal Server Error",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, _ := answer(t, tt.status, tt.body)

			_, err := c.Get(t.Context(), "abc")

			var got *Error
			require.True(t, errors.As(err, &got), "got %T: %v", err, err)
			if tt.want.DecidedAt != nil {
				require.NotNil(t, got.DecidedAt)
				assert.True(t, tt.want.DecidedAt.Equal(*got.DecidedAt))
				got.DecidedAt = tt.want.DecidedAt
			}
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.wantMsg, err.Error())
		})
	}
}

func TestRefusesIDsThatLeaveTheRequest(t *testing.T) {
	t.Parallel()
	for _, id := range []string{"", ".", ".."} {
		c, s := answer(t, http.StatusOK, `{}`)

		_, err := c.Get(t.Context(), id)
		require.Error(t, err, "id %q", id)
		_, err = c.Cancel(t.Context(), id)
		require.Error(t, err, "id %q", id)
		assert.Empty(t, s.method, "the server was called")
	}
}

func TestNetworkErrorNamesTheCall(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close()
	c := New(srv.URL, "tok", nil)

	_, err := c.Whoami(t.Context())

	require.Error(t, err)
	assert.Contains(t, err.Error(), `Get "`+srv.URL+`/api/v1/whoami": `)
	var ce *Error
	assert.False(t, errors.As(err, &ce))
}

func TestBadAnswerBody(t *testing.T) {
	t.Parallel()
	c, _ := answer(t, http.StatusOK, `<html>`)

	_, err := c.Whoami(t.Context())

	require.Error(t, err)
	assert.Contains(t, err.Error(), "GET /whoami: decode answer: ")
}

// Keep the ErrorBody wire shape in view: the client must decode what the
// server encodes.
func TestErrorBodyRoundTrip(t *testing.T) {
	t.Parallel()
	b, err := json.Marshal(api.ErrorBody{Error: api.ErrorDetail{Code: "invalid", Message: "m"}})
	require.NoError(t, err)
	c, _ := answer(t, http.StatusUnprocessableEntity, string(b))

	_, err = c.Deny(t.Context(), "r1", "")

	assert.EqualError(t, err, "invalid: m")
}
