// Package e2e runs the latch binary as a user would: a server process, the
// CLI against it, a real PostgreSQL as the target.
package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/latchhq/latch/internal/api"
)

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "latch-e2e")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "latch")
	build := exec.Command("go", "build", "-o", binary, "../cmd/latch")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build latch: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// instance is one latch server process and its configuration.
type instance struct {
	t      *testing.T
	dir    string
	config string
	url    string
	cmd    *exec.Cmd
	logs   *bytes.Buffer
	tokens map[string]string
}

// newInstance writes the configuration, in which $LISTEN and $DIR stand for
// the listen address and the instance's folder, and any files (named
// relative to that folder), and makes tokens for users.
func newInstance(t *testing.T, yaml string, files map[string]string, users ...string) *instance {
	t.Helper()
	dir := t.TempDir()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	in := &instance{t: t, dir: dir, config: filepath.Join(dir, "latch.yaml"),
		url: "http://" + addr, tokens: map[string]string{}}
	yaml = strings.ReplaceAll(yaml, "$LISTEN", addr)
	yaml = strings.ReplaceAll(yaml, "$DIR", dir)
	files["latch.yaml"] = yaml
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, u := range users {
		out, errOut, code := in.run(nil, "token", "create", "--config", in.config, "--user", u)
		if code != 0 {
			t.Fatalf("token create %s: exit %d\n%s", u, code, errOut)
		}
		in.tokens[u] = strings.TrimSpace(out)
	}
	return in
}

// start runs "latch serve" and waits until it answers.
func (in *instance) start() {
	in.t.Helper()
	in.logs = &bytes.Buffer{}
	in.cmd = exec.Command(binary, "serve", "--config", in.config)
	in.cmd.Stderr = in.logs
	in.cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + in.dir}
	if err := in.cmd.Start(); err != nil {
		in.t.Fatal(err)
	}
	in.t.Cleanup(in.kill)
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(in.url + "/healthz")
		if err == nil {
			resp.Body.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	in.t.Fatalf("latch did not start:\n%s", in.logs)
}

// kill stops the server without warning, as a crash would.
func (in *instance) kill() {
	if in.cmd == nil || in.cmd.Process == nil {
		return
	}
	in.cmd.Process.Signal(syscall.SIGKILL)
	in.cmd.Wait()
	in.cmd = nil
}

// run runs the CLI as user (nil for no user) and returns stdout, stderr
// and the exit code.
func (in *instance) run(user *string, args ...string) (string, string, int) {
	in.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + in.dir, "LATCH_URL=" + in.url}
	if user != nil {
		cmd.Env = append(cmd.Env, "LATCH_TOKEN="+in.tokens[*user])
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		in.t.Fatal(err)
	}
	return stdout.String(), stderr.String(), code
}

// as runs the CLI as user and fails the test on a non-zero exit.
func (in *instance) as(user string, args ...string) string {
	in.t.Helper()
	out, errOut, code := in.run(&user, args...)
	if code != 0 {
		in.t.Fatalf("latch %s (as %s): exit %d\n%s", strings.Join(args, " "), user, code, errOut)
	}
	return out
}

// show returns the request as "latch show ID -o json" prints it.
func (in *instance) show(user, id string) api.Request {
	in.t.Helper()
	var r api.Request
	out := in.as(user, "show", id, "-o", "json")
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		in.t.Fatalf("show -o json: %v\n%s", err, out)
	}
	return r
}

// waitStatus polls "latch show" until the request has status.
func (in *instance) waitStatus(user, id, status string, within time.Duration) api.Request {
	in.t.Helper()
	deadline := time.Now().Add(within)
	for {
		r := in.show(user, id)
		if r.Status == status {
			return r
		}
		if time.Now().After(deadline) {
			in.t.Fatalf("request %s is %s, want %s after %v; events %+v\nserver log:\n%s",
				id, r.Status, status, within, r.Events, in.logs)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
