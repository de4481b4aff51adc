package web

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/latchhq/latch/internal/lifecycle"
	"github.com/latchhq/latch/internal/policy"
	"github.com/latchhq/latch/internal/request"
)

// csp allows only the dashboard's own files: no inline script or style, no
// framing, and forms that post only to latch.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// viewer is the signed-in person of one request.
type viewer struct {
	person policy.Person
}

func (v *viewer) actor() lifecycle.Actor {
	return lifecycle.Actor{Person: v.person, Source: request.SourceWeb}
}

type publicFunc func(w http.ResponseWriter, r *http.Request) error

type pageFunc func(w http.ResponseWriter, r *http.Request, v *viewer) error

// headers sets what every dashboard answer carries.
func headers(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
}

// guard refuses a request addressed to a host the dashboard does not answer
// for, and a cross-site POST, each with a page that says so.
func (s *Server) guard(w http.ResponseWriter, r *http.Request) bool {
	if !s.hostAllowed(r) {
		s.refuseHost(w, r)
		return false
	}
	if err := s.csrf.Check(r); err != nil {
		s.renderError(w, r, nil, http.StatusForbidden,
			"This form was sent from another site, so latch ignored it. "+
				"Open latch directly and try again.")
		return false
	}
	return true
}

// public serves a route that needs no session.
func (s *Server) public(fn publicFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		headers(w)
		if !s.guard(w, r) {
			return
		}
		if err := fn(w, r); err != nil {
			s.fail(w, r, nil, err)
		}
	})
}

// signedIn serves a route behind sign-in. Without a valid session a GET is
// sent to the sign-in page and back afterwards; anything else is sent to
// sign in without coming back, since the form would be lost anyway.
func (s *Server) signedIn(fn pageFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		headers(w)
		w.Header().Set("Cache-Control", "no-store")
		if !s.guard(w, r) {
			return
		}
		v, err := s.session(w, r)
		if err != nil {
			s.fail(w, r, nil, err)
			return
		}
		if v == nil {
			next := "/"
			if r.Method == http.MethodGet {
				next = r.URL.RequestURI()
			}
			http.Redirect(w, r, "/login?next="+url.QueryEscape(next), http.StatusSeeOther)
			return
		}
		if err := fn(w, r, v); err != nil {
			s.fail(w, r, v, err)
		}
	})
}

// statusOf maps an error kind to its HTTP status and what the viewer reads.
// Unknown errors are logged and shown as a plain apology.
func (s *Server) statusOf(r *http.Request, err error) (int, string) {
	var bad *badInput
	switch {
	case errors.As(err, &bad):
		return http.StatusBadRequest, bad.msg
	case errors.Is(err, request.ErrForbidden):
		return http.StatusForbidden, err.Error()
	case errors.Is(err, request.ErrNotFound):
		return http.StatusNotFound, err.Error()
	case errors.Is(err, request.ErrConflict):
		return http.StatusConflict, err.Error()
	case errors.Is(err, request.ErrInvalid):
		return http.StatusUnprocessableEntity, err.Error()
	}
	s.log.Error("web call failed", "method", r.Method, "path", r.URL.Path, "err", err)
	return http.StatusInternalServerError,
		"Something went wrong on latch's side. The server log has the details."
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, v *viewer, err error) {
	status, msg := s.statusOf(r, err)
	s.renderError(w, r, v, status, msg)
}

// badInput is a form or address that makes no sense.
type badInput struct{ msg string }

func (e *badInput) Error() string { return e.msg }
