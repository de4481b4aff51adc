// Package server assembles latch: store, integrations, lifecycle and HTTP,
// and runs them until told to stop.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"time"

	"github.com/latchhq/latch/internal/api"
	"github.com/latchhq/latch/internal/config"
	"github.com/latchhq/latch/internal/integration"
	"github.com/latchhq/latch/internal/lifecycle"
	"github.com/latchhq/latch/internal/metrics"
	"github.com/latchhq/latch/internal/slack"
	"github.com/latchhq/latch/internal/store"
	"github.com/latchhq/latch/internal/web"
)

// Options change how the server starts.
type Options struct {
	// SkipMigrate leaves the schema alone at start.
	SkipMigrate bool
	// Lifecycle options, for tests.
	Lifecycle lifecycle.Options
	// Slack options, for tests.
	Slack slack.Options
	// Web options, for tests.
	Web web.Options
	// Integrations are added beside the configured ones: for benchmarks
	// and tests that need a target written in Go.
	Integrations []integration.Integration
}

// Server is a running latch.
type Server struct {
	cfg     *config.Config
	log     *slog.Logger
	store   *store.Store
	reg     *integration.Registry
	svc     *lifecycle.Service
	slack   *slack.Plugin
	web     *web.Server
	metrics *metrics.Metrics
	handler http.Handler
}

// New opens the store, brings its schema up to date, and builds the service.
func New(ctx context.Context, cfg *config.Config, log *slog.Logger, opts Options) (*Server, error) {
	st, err := store.Open(ctx, cfg.Store.Reveal())
	if err != nil {
		return nil, err
	}
	if err := prepareSchema(ctx, st, opts.SkipMigrate); err != nil {
		st.Close()
		return nil, err
	}
	if err := st.ClaimSQLite(ctx); err != nil {
		st.Close()
		return nil, err
	}
	reg, err := integration.FromConfig(cfg.Integrations)
	for _, in := range opts.Integrations {
		if err == nil {
			err = reg.Add(in)
		}
	}
	if err != nil {
		if reg != nil {
			reg.Close()
		}
		st.Close()
		return nil, fmt.Errorf("integrations: %w", err)
	}
	var slk *slack.Plugin
	if cfg.Slack != nil {
		if slk, err = slack.New(cfg, st, log, opts.Slack); err != nil {
			reg.Close()
			st.Close()
			return nil, err
		}
		lo := opts.Lifecycle
		lo.Plugins = append(append([]lifecycle.Plugin(nil), lo.Plugins...), slk)
		opts.Lifecycle = lo
	}
	m := metrics.New(st, log)
	lopts := opts.Lifecycle
	lopts.Plugins = append(slices.Clone(lopts.Plugins), m)
	svc, err := lifecycle.New(cfg, st, reg, log, lopts)
	if err != nil {
		reg.Close()
		st.Close()
		return nil, err
	}
	if slk != nil {
		slk.Bind(svc)
		if err := slk.Start(ctx); err != nil {
			reg.Close()
			st.Close()
			return nil, err
		}
	}
	s := &Server{cfg: cfg, log: log, store: st, reg: reg, svc: svc, slack: slk,
		metrics: m}
	if cfg.Web != nil {
		if s.web, err = web.New(ctx, svc, st, log, opts.Web); err != nil {
			reg.Close()
			st.Close()
			return nil, err
		}
	}
	s.handler = s.routes()
	return s, nil
}

// Service is the lifecycle service, for commands and tests that act directly.
func (s *Server) Service() *lifecycle.Service { return s.svc }

// Store is the server's store.
func (s *Server) Store() *store.Store { return s.store }

// Handler serves every HTTP route.
func (s *Server) Handler() http.Handler { return s.handler }

// routes lists every route. The access log wraps everything, so each call
// gives one log line whatever answers it.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()

	// Operations: liveness, readiness, metrics.
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.Handle("GET /metrics", s.metrics.Handler())

	api.New(s.svc, s.store, s.log).Register(mux)

	// Slack: each route checks Slack's signature on the raw body first.
	if s.slack != nil {
		s.slack.Register(mux)
	}
	// The dashboard, when configured, owns every other path.
	if s.web != nil {
		s.web.Register(mux)
	}
	return accessLog(s.log, mux)
}

// Run serves HTTP on the configured address and runs jobs until ctx ends,
// then shuts down gracefully: in-flight calls and jobs finish first.
func (s *Server) Run(ctx context.Context) error {
	ln, err := net.Listen("tcp", s.cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", s.cfg.Listen, err)
	}
	return s.Serve(ctx, ln)
}

// Serve is Run on a listener the caller opened.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	defer s.close()
	if err := s.svc.Start(ctx); err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	s.log.Info("latch serving", "addr", ln.Addr().String(), "store", s.store.Dialect())

	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	s.log.Info("shutting down")
	shut, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return errors.Join(srv.Shutdown(shut), s.svc.Stop(shut))
}

func (s *Server) close() {
	s.reg.Close()
	s.store.Close()
}
