package integration

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/latchhq/latch/internal/config"
)

// stderrLimit is how much of a failed program's stderr an error keeps.
const stderrLimit = 4 << 10

// waitDelay is how long a killed program's output pipes may stay open.
const waitDelay = time.Second

// Command grants and removes access by running configured programs, as argv
// lists and never through a shell. The request is passed as environment
// variables (LATCH_REQUEST_ID, LATCH_USER, LATCH_RESOURCE, LATCH_ACCESS,
// LATCH_EXPIRES_AT, LATCH_ACTION); of latch's own environment only PATH and
// HOME are passed, so latch's secrets stay with latch.
type Command struct {
	name     string
	grant    []string
	remove   []string
	accesses []Access
	timeout  time.Duration
}

var _ Integration = (*Command)(nil)

// NewCommand configures a command integration. timeout bounds each call as
// well as the caller's deadline does; zero means the default of 30s.
func NewCommand(name string, opts config.CommandOptions, timeout time.Duration) *Command {
	if timeout <= 0 {
		timeout = defaultTimeout
	}
	return &Command{
		name:     name,
		grant:    append([]string(nil), opts.Grant...),
		remove:   append([]string(nil), opts.Remove...),
		accesses: toAccesses(opts.Accesses),
		timeout:  timeout,
	}
}

// Name returns the configured name.
func (c *Command) Name() string { return c.name }

// Type returns "command".
func (c *Command) Type() string { return "command" }

// Accesses lists the configured accesses in order.
func (c *Command) Accesses() []Access { return append([]Access(nil), c.accesses...) }

// Close does nothing: a command holds no connections.
func (c *Command) Close() error { return nil }

// Grant runs the grant program; exit status 0 is success.
func (c *Command) Grant(ctx context.Context, g Grant) error {
	return c.run(ctx, "grant", c.grant, g)
}

// Remove runs the removal program with LATCH_EXPIRES_AT empty; exit status 0
// is success.
func (c *Command) Remove(ctx context.Context, g Grant) error {
	g.ExpiresAt = time.Time{}
	return c.run(ctx, "remove", c.remove, g)
}

func (c *Command) run(ctx context.Context, action string, argv []string, g Grant) error {
	if err := c.execute(ctx, action, argv, g); err != nil {
		return fmt.Errorf("command %s %q: %w", action, c.name+"/"+g.Access, err)
	}
	return nil
}

func (c *Command) execute(ctx context.Context, action string, argv []string, g Grant) error {
	if err := checkAccess(c.accesses, g.Access); err != nil {
		return err
	}
	if len(argv) == 0 {
		return fmt.Errorf("no %s program configured", action)
	}

	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	stderr := &tailBuffer{max: stderrLimit}
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = c.env(action, g)
	cmd.Stderr = stderr
	cmd.WaitDelay = waitDelay
	killGroupOnCancel(cmd)

	err := cmd.Run()
	if err == nil || errors.Is(err, exec.ErrWaitDelay) {
		// ErrWaitDelay means exit 0 with a leftover child holding stderr.
		return nil
	}
	return runError(ctx, err, stderr.String())
}

// env is the program's whole environment.
func (c *Command) env(action string, g Grant) []string {
	env := make([]string, 0, 8)
	for _, key := range []string{"PATH", "HOME"} {
		if v, ok := os.LookupEnv(key); ok {
			env = append(env, key+"="+v)
		}
	}

	expires := ""
	if !g.ExpiresAt.IsZero() {
		expires = g.ExpiresAt.UTC().Format(time.RFC3339)
	}
	return append(env,
		"LATCH_REQUEST_ID="+g.RequestID,
		"LATCH_USER="+g.User,
		"LATCH_RESOURCE="+c.name+"/"+g.Access,
		"LATCH_ACCESS="+g.Access,
		"LATCH_EXPIRES_AT="+expires,
		"LATCH_ACTION="+action,
	)
}

// runError adds the reason for a kill and the tail of stderr to err.
func runError(ctx context.Context, err error, stderr string) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		err = fmt.Errorf("%w (%v)", ctxErr, err)
	}
	if stderr == "" {
		return err
	}
	return fmt.Errorf("%w: %s", err, stderr)
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	max int
	buf []byte
}

// Write keeps the tail of p; it never fails.
func (b *tailBuffer) Write(p []byte) (int, error) {
	n := len(p)
	if len(p) > b.max {
		p = p[len(p)-b.max:]
	}
	if over := len(b.buf) + len(p) - b.max; over > 0 {
		b.buf = b.buf[:copy(b.buf, b.buf[over:])]
	}
	b.buf = append(b.buf, p...)
	return n, nil
}

// String returns the kept bytes as trimmed, valid UTF-8.
func (b *tailBuffer) String() string {
	return strings.TrimSpace(strings.ToValidUTF8(string(b.buf), ""))
}
