// Package api serves latch's JSON API under /api/v1.
package api

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/latchhq/latch/internal/lifecycle"
	"github.com/latchhq/latch/internal/store"
)

// Server handles /api/v1.
type Server struct {
	svc   *lifecycle.Service
	store *store.Store
	log   *slog.Logger
	now   func() time.Time
}

// New builds the API server.
func New(svc *lifecycle.Service, st *store.Store, log *slog.Logger) *Server {
	return &Server{svc: svc, store: st, log: log, now: time.Now}
}

// Register adds the API's routes to mux. Every route authenticates first.
func (s *Server) Register(mux *http.ServeMux) {
	h := func(fn handlerFunc) http.Handler { return s.authenticated(fn) }

	// Who and what.
	mux.Handle("GET /api/v1/whoami", h(s.whoami))
	mux.Handle("GET /api/v1/resources", h(s.resources))

	// Requests.
	mux.Handle("POST /api/v1/requests", h(s.createRequest))
	mux.Handle("GET /api/v1/requests", h(s.listRequests))
	mux.Handle("GET /api/v1/requests/{id}", h(s.getRequest))
	mux.Handle("GET /api/v1/export", h(s.exportRequests))

	// Decisions and ends.
	mux.Handle("POST /api/v1/requests/{id}/approve", h(s.approve))
	mux.Handle("POST /api/v1/requests/{id}/deny", h(s.deny))
	mux.Handle("POST /api/v1/requests/{id}/revoke", h(s.revoke))
	mux.Handle("POST /api/v1/requests/{id}/relinquish", h(s.relinquish))
	mux.Handle("POST /api/v1/requests/{id}/cancel", h(s.cancel))
	mux.Handle("POST /api/v1/requests/{id}/retry", h(s.retry))
	mux.Handle("POST /api/v1/requests/{id}/comments", h(s.comment))

	// Anything else under the API is a JSON 404, not the web's HTML one.
	mux.Handle("/api/", h(func(*call) error { return errNoRoute }))
}
