package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/latchhq/latch/internal/config"
	"github.com/latchhq/latch/internal/lifecycle"
	"github.com/latchhq/latch/internal/request"
	"github.com/latchhq/latch/internal/server"
	"github.com/latchhq/latch/internal/slack"
)

const secret = "bench-signing-secret"

// instance is latch serving on loopback, with Slack pointed at a fake.
type instance struct {
	url     string
	dialect string
	srv     *server.Server
	dir     string
	fake    *httptest.Server
	stop    func()
}

func start(ctx context.Context, storeURL string) (*instance, error) {
	dir, err := os.MkdirTemp("", "latch-bench-slack")
	if err != nil {
		return nil, err
	}
	if storeURL == "" {
		storeURL = "sqlite:" + filepath.Join(dir, "latch.db")
	}
	fake := httptest.NewServer(http.HandlerFunc(fakeSlack))
	yaml := fmt.Sprintf(`
store: %s
directory:
  users: [{email: alice@example.com}, {email: bob@example.com},
    {email: carol@example.com}, {email: mallory@example.com}]
approvals:
  approvers: {users: [bob@example.com, carol@example.com]}
integrations:
  - name: demo
    type: command
    command: {grant: [/bin/true], remove: [/bin/true], accesses: [{name: shell}]}
slack:
  bot_token: xoxb-bench
  signing_secret: %s
  channel: C0APPROVALS
  approver_group: latch-approvers
  base_url: https://latch.example.com
`, storeURL, secret)
	path := filepath.Join(dir, "latch.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		return nil, err
	}
	cfg, err := config.LoadWith(path, func(string) string { return "" })
	if err != nil {
		return nil, err
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := server.New(ctx, cfg, log, server.Options{
		Slack: slack.Options{APIURL: fake.URL + "/api/"},
	})
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(runCtx, ln) }()
	inst := &instance{url: "http://" + ln.Addr().String(), dialect: srv.Store().Dialect(),
		srv: srv, dir: dir, fake: fake}
	inst.stop = func() {
		cancel()
		<-done
	}
	return inst, nil
}

// pending creates n pending requests for the clicks to land on.
func (i *instance) pending(ctx context.Context, n int) ([]string, error) {
	svc := i.srv.Service()
	alice, _ := svc.Directory().Person("alice@example.com")
	a := lifecycle.Actor{Person: alice, Source: request.SourceAPI}
	ids := make([]string, 0, n)
	for range n {
		r, err := svc.Create(ctx, a, lifecycle.CreateInput{Resource: "demo/shell",
			Reason: "benchmark", Duration: "1h"})
		if err != nil {
			return nil, err
		}
		ids = append(ids, r.ID)
	}
	return ids, nil
}

func (i *instance) close() {
	i.stop()
	i.fake.Close()
	os.RemoveAll(i.dir)
}

// send posts one signed click and times the answer.
func send(c *http.Client, endpoint string, body []byte) (time.Duration, error) {
	ts, sig := slack.Sign(secret, time.Now(), body)
	req, err := http.NewRequest("POST", endpoint, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", sig)
	begin := time.Now()
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	d := time.Since(begin)
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("status %d", resp.StatusCode)
	}
	return d, nil
}

// benchTeam is the fake workspace's id; only its members may act.
const benchTeam = "T0BENCH"

// fakeSlack answers every Web API call latch makes, as Slack would.
func fakeSlack(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	emails := map[string]string{"U0ALICE": "alice@example.com", "U0BOB": "bob@example.com",
		"U0CAROL": "carol@example.com", "U0MALLORY": "mallory@example.com"}
	answer := map[string]any{"ok": true, "channel": r.PostForm.Get("channel"),
		"ts": fmt.Sprintf("%d.000100", time.Now().UnixNano())}
	switch strings.TrimPrefix(r.URL.Path, "/api/") {
	case "auth.test":
		answer["team_id"], answer["user_id"] = benchTeam, "U0LATCH"
	case "users.info":
		u := r.Form.Get("user")
		answer["user"] = map[string]any{"id": u, "team_id": benchTeam,
			"profile": map[string]any{"email": emails[u]}}
	case "users.lookupByEmail":
		for id, e := range emails {
			if e == r.Form.Get("email") {
				answer["user"] = map[string]any{"id": id}
			}
		}
	case "usergroups.list":
		answer["usergroups"] = []any{map[string]any{"id": "S0", "handle": "latch-approvers"}}
	case "usergroups.users.update", "usergroups.create":
		answer["usergroup"] = map[string]any{"id": "S0"}
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(answer)
}
