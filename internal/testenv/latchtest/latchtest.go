// Package latchtest runs a whole latch inside a test: its configuration
// from YAML, its store, its job workers and its HTTP handler on a loopback
// server, with an API token for every person in the directory.
package latchtest

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/latchhq/latch/internal/api"
	"github.com/latchhq/latch/internal/config"
	"github.com/latchhq/latch/internal/server"
	"github.com/latchhq/latch/internal/store"
)

// Latch is one running latch.
type Latch struct {
	Server *server.Server
	// URL is the HTTP server's address, without a trailing slash.
	URL string
	// Tokens holds an API token for each person in the directory, by the
	// part of their email before the @.
	Tokens map[string]string
}

// Options change how Start runs latch.
type Options struct {
	Server server.Options
	// Listener is where the HTTP server listens, for a test that needs the
	// address before it writes the configuration; by default a new one on
	// 127.0.0.1.
	Listener net.Listener
	// Log receives latch's logs, as JSON at info level; by default they
	// are dropped.
	Log io.Writer
}

// Start writes yaml to dir/latch.yaml, loads it with an empty environment
// and runs latch until the test ends.
func Start(t testing.TB, dir, yaml string, o Options) *Latch {
	t.Helper()
	path := filepath.Join(dir, "latch.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.LoadWith(path, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}

	logs := o.Log
	if logs == nil {
		logs = io.Discard
	}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	ctx := context.Background()
	srv, err := server.New(ctx, cfg, log, o.Server)
	if err != nil {
		t.Fatal(err)
	}
	runCtx, cancel := context.WithCancel(ctx)
	if err := srv.Service().Start(runCtx); err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewUnstartedServer(srv.Handler())
	if o.Listener != nil {
		hs.Listener.Close()
		hs.Listener = o.Listener
	}
	hs.Start()
	t.Cleanup(func() {
		hs.Close()
		stop, c := context.WithTimeout(ctx, 10*time.Second)
		defer c()
		srv.Service().Stop(stop)
		cancel()
		srv.Store().Close()
	})

	l := &Latch{Server: srv, URL: hs.URL, Tokens: map[string]string{}}
	for _, u := range cfg.Directory.Users {
		secret, hash := api.NewToken()
		// Several latches may share one store, as replicas do: the id is
		// unique to this token.
		err := srv.Store().CreateToken(ctx, store.Token{
			ID: u.Email + "-" + hash[:12], Hash: hash, User: u.Email, Name: "test",
			CreatedAt: time.Now(),
		})
		if err != nil {
			t.Fatal(err)
		}
		name, _, _ := strings.Cut(u.Email, "@")
		l.Tokens[name] = secret
	}
	return l
}

// Call calls latch's API at base with the token ("" for none) and decodes
// a successful answer into out when out is not nil. It returns the status
// and the raw body.
func Call(t testing.TB, base, token, method, path, body string, out any) (int, []byte) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, base+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if out != nil && resp.StatusCode < 300 {
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("%s %s: decode %s: %v", method, path, raw, err)
		}
	}
	return resp.StatusCode, raw
}

// LogBuffer holds what latch logs, written from many goroutines.
type LogBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (b *LogBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *LogBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
