package client

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/latchhq/latch/internal/api"
)

// snippetLen is how much of a body that is not an API error is quoted.
const snippetLen = 200

// Error is a non-2xx answer. Code and Message come from the server's
// api.ErrorBody; for a conflict, Status, DecidedBy and DecidedAt say what the
// request became and who moved it there. When the body was not an API error
// (a proxy's page, say), Code is empty and Message quotes its start.
type Error struct {
	StatusCode int
	Code       string
	Message    string
	Status     string
	DecidedBy  string
	DecidedAt  *time.Time
}

// Error reads as a sentence: "conflict: request abc is already approved (by
// bob@example.com at 2026-05-01T10:00:00Z)".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.prefix())
	if msg := e.message(); msg != "" {
		b.WriteString(": ")
		b.WriteString(msg)
	}
	b.WriteString(e.decided())
	return b.String()
}

// prefix is the error code, or the HTTP status when there is none.
func (e *Error) prefix() string {
	if e.Code != "" {
		return e.Code
	}
	return fmt.Sprintf("HTTP %d %s", e.StatusCode, http.StatusText(e.StatusCode))
}

// message is the server's message, or a stand-in when a coded error has
// none.
func (e *Error) message() string {
	switch {
	case e.Message != "":
		return e.Message
	case e.Code == "":
		return ""
	case e.Status != "":
		return "the request is now " + e.Status
	default:
		return strings.ToLower(http.StatusText(e.StatusCode))
	}
}

// decided is " (by WHO at WHEN)" when the server said who decided, leaving
// out what its message already says.
func (e *Error) decided() string {
	msg := e.message()
	var parts []string
	if e.DecidedBy != "" && !strings.Contains(msg, e.DecidedBy) {
		parts = append(parts, "by "+e.DecidedBy)
	}
	if e.DecidedAt != nil {
		at := e.DecidedAt.UTC().Format(time.RFC3339)
		if !strings.Contains(msg, at) {
			parts = append(parts, "at "+at)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, " ") + ")"
}

// decodeError turns a non-2xx answer into an *Error.
func decodeError(resp *http.Response) error {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))

	var eb api.ErrorBody
	err := json.Unmarshal(body, &eb)
	if err != nil || (eb.Error.Code == "" && eb.Error.Message == "") {
		return &Error{StatusCode: resp.StatusCode, Message: snippet(body)}
	}

	d := eb.Error
	return &Error{
		StatusCode: resp.StatusCode,
		Code:       d.Code,
		Message:    d.Message,
		Status:     d.Status,
		DecidedBy:  d.DecidedBy,
		DecidedAt:  d.DecidedAt,
	}
}

// snippet is the start of body on one line, as valid UTF-8.
func snippet(body []byte) string {
	if len(body) > snippetLen {
		body = body[:snippetLen]
	}
	s := strings.ToValidUTF8(string(body), "")
	return strings.Join(strings.Fields(s), " ")
}
