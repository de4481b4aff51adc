package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/latchhq/latch/internal/api"
	"github.com/latchhq/latch/internal/config"
	"github.com/latchhq/latch/internal/integration"
	"github.com/latchhq/latch/internal/server"
	"github.com/latchhq/latch/internal/store"
)

// The people of the benchmark's directory.
const (
	requesterEmail = "requester@example.com"
	approverEmail  = "approver@example.com"
)

// resource is what every benchmark request asks for.
const resource = "bench/shell"

// configYAML is latch's configuration, less the store, which comes through
// LATCH_STORE so that a PostgreSQL password never lands in a file. The
// approvable window is long so that no time-out job fires during a run.
const configYAML = `
listen: 127.0.0.1:0
directory:
  users:
    - email: ` + requesterEmail + `
    - email: ` + approverEmail + `
approvals:
  approvers: {users: [` + approverEmail + `]}
  require_reason: true
  expiry_options: [1h, 1d]
  max_duration: 1d
  approvable_window: 1d
integrations:
  - name: bench
    type: command
    timeout: 10s
    command:
      grant: [/bin/true]
      remove: [/bin/true]
      accesses: [{name: shell}]
`

// instance is latch serving on a loopback port in this process.
type instance struct {
	url     string
	dialect string
	// requester and approver are API tokens.
	requester string
	approver  string

	// srv is latch itself, for loading grants through its service.
	srv *server.Server
	// inproc is the in-process integration, beside the configured one.
	inproc *inProcess
	dir    string
	cancel context.CancelFunc
	done   chan error
}

// startLatch starts latch on a fresh store: storeFlag is "sqlite" or a
// PostgreSQL URL. It returns once latch answers its health check.
func startLatch(ctx context.Context, storeFlag string) (*instance, error) {
	dir, err := os.MkdirTemp("", "latch-bench-")
	if err != nil {
		return nil, fmt.Errorf("temp dir: %w", err)
	}
	inst := &instance{dir: dir, done: make(chan error, 1), inproc: &inProcess{}}
	if err := inst.start(ctx, storeFlag); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return inst, nil
}

func (inst *instance) start(ctx context.Context, storeFlag string) error {
	srv, err := newServer(ctx, inst.dir, storeFlag, inst.inproc)
	if err != nil {
		return err
	}
	inst.dialect = srv.Store().Dialect()
	inst.srv = srv

	if err := inst.makeTokens(ctx, srv.Store()); err != nil {
		srv.Store().Close()
		return err
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		srv.Store().Close()
		return fmt.Errorf("listen: %w", err)
	}
	inst.url = "http://" + ln.Addr().String()
	runCtx, cancel := context.WithCancel(context.Background())
	inst.cancel = cancel
	go func() { inst.done <- srv.Serve(runCtx, ln) }()

	if err := inst.waitHealthy(ctx); err != nil {
		inst.stop()
		return err
	}
	return nil
}

// newServer writes the configuration into dir, loads it as latch would, and
// builds the server with the production defaults, plus the in-process
// integration.
func newServer(ctx context.Context, dir, storeFlag string,
	inproc integration.Integration) (*server.Server, error) {
	path := filepath.Join(dir, "latch.yaml")
	if err := os.WriteFile(path, []byte(configYAML), 0o600); err != nil {
		return nil, fmt.Errorf("write config: %w", err)
	}
	storeURL := storeFlag
	if storeFlag == "sqlite" {
		storeURL = "sqlite:" + filepath.Join(dir, "latch.db")
	}
	env := map[string]string{"LATCH_STORE": storeURL}
	cfg, err := config.LoadWith(path, func(k string) string { return env[k] })
	if err != nil {
		return nil, err
	}

	// Logs are formatted as in production, then dropped.
	log := slog.New(slog.NewJSONHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelInfo}))
	srv, err := server.New(ctx, cfg, log,
		server.Options{Integrations: []integration.Integration{inproc}})
	if err != nil {
		return nil, fmt.Errorf("start latch: %w", err)
	}
	return srv, nil
}

// makeTokens creates one token for each person. Token ids carry the
// directory name, which is unique per run, so a reused database is no
// obstacle.
func (inst *instance) makeTokens(ctx context.Context, st *store.Store) error {
	for _, p := range []struct {
		email  string
		secret *string
	}{{requesterEmail, &inst.requester}, {approverEmail, &inst.approver}} {
		secret, hash := api.NewToken()
		err := st.CreateToken(ctx, store.Token{
			ID: filepath.Base(inst.dir) + "-" + p.email, Hash: hash, User: p.email,
			Name: "bench", CreatedAt: time.Now(),
		})
		if err != nil {
			return err
		}
		*p.secret = secret
	}
	return nil
}

// waitHealthy polls /healthz until latch answers, for up to 10s.
func (inst *instance) waitHealthy(ctx context.Context) error {
	c := newClient(inst.url, 1)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if c.healthy(ctx) {
			return nil
		}
		select {
		case err := <-inst.done:
			inst.cancel = nil // Serve has returned and closed the store
			return fmt.Errorf("latch stopped at start: %w", err)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
	return errors.New("latch did not answer /healthz within 10s")
}

// stop shuts latch down, letting in-flight calls and jobs finish, and
// removes the temporary directory.
func (inst *instance) stop() error {
	defer os.RemoveAll(inst.dir)
	if inst.cancel == nil {
		return nil
	}
	inst.cancel()
	select {
	case err := <-inst.done:
		return err
	case <-time.After(40 * time.Second):
		return errors.New("latch did not stop within 40s")
	}
}
