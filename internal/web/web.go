// Package web serves the dashboard: sign-in (OpenID Connect, or a
// development sign-in on loopback), the access list with its filters and
// export, each request's details with the actions its viewer may take, and
// the new-request form. Pages are rendered on the server from html/template
// and embedded assets; every action is a plain form that works without
// JavaScript, and every decision goes through the lifecycle service, the
// same as the API's.
package web

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/securecookie"

	"github.com/latchhq/latch/internal/config"
	"github.com/latchhq/latch/internal/lifecycle"
	"github.com/latchhq/latch/internal/store"
)

//go:embed templates assets
var files embed.FS

// Server handles the dashboard's routes.
type Server struct {
	svc     *lifecycle.Service
	store   *store.Store
	cfg     *config.Config
	web     *config.Web
	log     *slog.Logger
	pages   map[string]*template.Template
	cookies *securecookie.SecureCookie
	csrf    *http.CrossOriginProtection
	now     func() time.Time
	// baseHost is web.base_url's host, which the dashboard always answers.
	baseHost string

	oidcMu sync.Mutex
	oidc   *oidcClient
}

// Options are the parts a caller may replace.
type Options struct {
	// Now is the clock; time.Now by default.
	Now func() time.Time
}

// New builds the dashboard for svc's configuration, whose Web block must be
// set. The session key comes from web.session_key or, when that is empty,
// from the store, which makes one at first start.
func New(ctx context.Context, svc *lifecycle.Service, st *store.Store, log *slog.Logger,
	opts Options) (*Server, error) {
	cfg := svc.Config()
	if cfg.Web == nil {
		return nil, errors.New("web: no web configuration")
	}
	if cfg.Web.DevLogin && !config.LoopbackListen(cfg.Listen) {
		return nil, fmt.Errorf("web: dev_login is on but listen %q is not loopback", cfg.Listen)
	}
	if cfg.Web.DevLogin && !config.LoopbackHost(baseHost(cfg.Web.BaseURL)) {
		return nil, fmt.Errorf("web: dev_login is on but base_url %q is not loopback",
			cfg.Web.BaseURL)
	}
	secret := []byte(cfg.Web.SessionKey.Reveal())
	if len(secret) == 0 {
		var err error
		if secret, err = st.WebSessionKey(ctx); err != nil {
			return nil, err
		}
	}
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	s := &Server{
		svc: svc, store: st, cfg: cfg, web: cfg.Web, log: log.With("component", "web"),
		pages:    pages,
		cookies:  newCookieCodec(secret, time.Duration(cfg.Web.SessionAbsolute)),
		csrf:     http.NewCrossOriginProtection(),
		now:      opts.Now,
		baseHost: baseHost(cfg.Web.BaseURL),
	}
	if s.now == nil {
		s.now = time.Now
	}
	return s, nil
}

// Register adds the dashboard's routes to mux. Every route sets the security
// headers; the pages and actions behind sign-in redirect anyone else to it;
// POSTs are refused when a browser says they come from another site.
func (s *Server) Register(mux *http.ServeMux) {
	// Public: assets and sign-in.
	mux.Handle("GET /assets/", s.public(s.assets))
	mux.Handle("GET /login", s.public(s.loginPage))
	mux.Handle("GET /login/oidc", s.public(s.oidcStart))
	mux.Handle("GET /login/callback", s.public(s.oidcCallback))
	mux.Handle("POST /login/dev", s.public(s.devLogin))
	mux.Handle("POST /logout", s.public(s.logout))

	// Pages.
	mux.Handle("GET /{$}", s.signedIn(s.listPage))
	mux.Handle("GET /requests/{id}", s.signedIn(s.detailsPage))
	mux.Handle("GET /new", s.signedIn(s.newPage))
	mux.Handle("GET /export.tsv", s.signedIn(s.exportTSV))

	// Actions: each a form POST that redirects back to the request.
	mux.Handle("POST /requests", s.signedIn(s.createRequest))
	mux.Handle("POST /requests/{id}/approve", s.signedIn(s.approve))
	mux.Handle("POST /requests/{id}/deny", s.signedIn(s.deny))
	mux.Handle("POST /requests/{id}/revoke", s.signedIn(s.revoke))
	mux.Handle("POST /requests/{id}/relinquish", s.signedIn(s.relinquish))
	mux.Handle("POST /requests/{id}/cancel", s.signedIn(s.cancel))
	mux.Handle("POST /requests/{id}/retry", s.signedIn(s.retry))
	mux.Handle("POST /requests/{id}/comments", s.signedIn(s.comment))
}
