package integration

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/latchhq/latch/internal/config"
)

// The helper process of TestProgramDiesWithLatch: it runs a grant that
// sleeps, and is killed while the grant runs.
func init() {
	pidFile := os.Getenv("LATCH_TEST_DEATHSIG_PIDFILE")
	if pidFile == "" {
		return
	}
	c := NewCommand("demo", config.CommandOptions{
		Grant:    []string{"/bin/sh", "-c", `echo $$ > "$0"; exec sleep 60`, pidFile},
		Remove:   []string{"/bin/true"},
		Accesses: []config.Access{{Name: "shell"}},
	}, time.Minute)
	c.Grant(context.Background(), Grant{RequestID: "r", User: "a@example.com",
		Resource: "demo/shell", Access: "shell"})
	os.Exit(0)
}

// A program still running when latch dies is killed with it, so that a
// grant from a dead latch cannot land after the next one removed the access.
func TestProgramDiesWithLatch(t *testing.T) {
	t.Parallel()
	pidFile := filepath.Join(t.TempDir(), "pid")
	parent := exec.Command(os.Args[0], "-test.run=^$")
	parent.Env = append(os.Environ(), "LATCH_TEST_DEATHSIG_PIDFILE="+pidFile)
	if err := parent.Start(); err != nil {
		t.Fatal(err)
	}
	var pid int
	for deadline := time.Now().Add(10 * time.Second); pid == 0; {
		raw, _ := os.ReadFile(pidFile)
		pid, _ = strconv.Atoi(strings.TrimSpace(string(raw)))
		if time.Now().After(deadline) {
			parent.Process.Kill()
			t.Fatal("the grant program did not start")
		}
		time.Sleep(20 * time.Millisecond)
	}
	parent.Process.Kill()
	parent.Wait()

	for deadline := time.Now().Add(5 * time.Second); ; {
		if err := syscall.Kill(pid, 0); err != nil {
			return // gone
		}
		if time.Now().After(deadline) {
			syscall.Kill(pid, syscall.SIGKILL)
			t.Fatalf("grant program %d still runs after latch died", pid)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
