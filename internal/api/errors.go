package api

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/latchhq/latch/internal/request"
)

// badRequest is an error in the call's form: JSON that does not parse, a
// query parameter that makes no sense.
type badRequest struct{ msg string }

func (e *badRequest) Error() string { return e.msg }

var errNoRoute = &request.Error{Kind: request.ErrNotFound,
	Message: "no such API route: see the README's API section"}

// writeError is the one place where errors become HTTP answers. What the
// caller sees is the error's own message for known kinds; anything else is
// logged and answered with a plain 500.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	status, code := http.StatusInternalServerError, "internal"
	msg := "internal error: the server log has the details"
	var (
		br       *badRequest
		conflict *request.ConflictError
	)
	switch {
	case errors.As(err, &br):
		status, code, msg = http.StatusBadRequest, "bad_request", br.msg
	case errors.Is(err, request.ErrUnauthenticated):
		status, code, msg = http.StatusUnauthorized, "unauthenticated", err.Error()
	case errors.Is(err, request.ErrForbidden):
		status, code, msg = http.StatusForbidden, "forbidden", err.Error()
	case errors.Is(err, request.ErrNotFound):
		status, code, msg = http.StatusNotFound, "not_found", err.Error()
	case errors.Is(err, request.ErrConflict):
		status, code, msg = http.StatusConflict, "conflict", err.Error()
	case errors.Is(err, request.ErrInvalid):
		status, code, msg = http.StatusUnprocessableEntity, "invalid", err.Error()
	default:
		s.log.Error("api call failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}

	body := ErrorBody{Error: ErrorDetail{Code: code, Message: msg}}
	if errors.As(err, &conflict) {
		body.Error.Status = string(conflict.Status)
		body.Error.DecidedBy = conflict.DecidedBy
		if !conflict.DecidedAt.IsZero() {
			at := conflict.DecidedAt
			body.Error.DecidedAt = &at
		}
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="latch"`)
	}
	writeJSON(w, status, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}
