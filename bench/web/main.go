// Command web measures the dashboard on a large SQLite store: how fast the
// first page of a filtered list answers, and how long the full TSV export
// takes and how much memory it needs. It writes its figures to stdout as
// Markdown; bench/web/README.md keeps a run.
//
//	go run ./bench/web -n 1000000
//
// With -dir, the store is kept there and a later run with the same -dir
// reuses it instead of generating it again.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/latchhq/latch/internal/config"
	"github.com/latchhq/latch/internal/server"
)

func main() {
	n := flag.Int("n", 1_000_000, "requests to generate")
	runs := flag.Int("runs", 40, "timed first pages per filter")
	dir := flag.String("dir", "", "directory for the store, reused if it holds one "+
		"(default: a temporary one)")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the export to this file")
	flag.Parse()
	if err := run(*n, *runs, *dir, *cpuProfile); err != nil {
		log.Fatal(err)
	}
}

func run(n, runs int, dir, cpuProfile string) error {
	ctx := context.Background()
	if dir == "" {
		d, err := os.MkdirTemp("", "latch-bench-web-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	cfg, err := loadConfig(dir)
	if err != nil {
		return err
	}
	srv, err := server.New(ctx, cfg, slog.New(slog.DiscardHandler), server.Options{})
	if err != nil {
		return err
	}
	defer srv.Store().Close()

	var have int
	if err := srv.Store().DB().QueryRowContext(ctx, "SELECT COUNT(*) FROM requests").
		Scan(&have); err != nil {
		return err
	}
	switch {
	case have == n:
		fmt.Printf("reusing the %d requests in %s\n\n", n, dir)
	case have != 0:
		return fmt.Errorf("%s holds %d requests, not %d: use another -dir", dir, have, n)
	default:
		start := time.Now()
		if err := generate(ctx, srv.Store().DB(), n); err != nil {
			return err
		}
		fmt.Printf("generated %d requests in %s\n\n", n, time.Since(start).Round(time.Millisecond))
	}

	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()
	c, err := signIn(hs.URL)
	if err != nil {
		return err
	}

	fmt.Println("| filter | p50 | p95 | max |")
	fmt.Println("| --- | --- | --- | --- |")
	for _, f := range filters {
		d, err := timePages(c, hs.URL+"/?"+f.query, runs)
		if err != nil {
			return fmt.Errorf("%s: %w", f.name, err)
		}
		fmt.Printf("| %s | %s | %s | %s |\n", f.name, ms(pct(d, 50)), ms(pct(d, 95)),
			ms(d[len(d)-1]))
	}

	if cpuProfile != "" {
		f, err := os.Create(cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	return timeExport(c, hs.URL+"/export.tsv", n)
}

// filters are the first pages timed: every filter alone, and two together.
var filters = []struct{ name, query string }{
	{"none", ""},
	{"status=pending", "status=pending"},
	{"requester", "requester=user17%40example.com"},
	{"resource", "resource=demo%2Faccess3"},
	{"approver", "approver=approver4%40example.com"},
	{"one week", "from=2026-03-01&to=2026-03-07"},
	{"text (word in reason)", "q=INC-4242"},
	{"text (request id)", "q=r000500000"},
	{"status + resource", "status=expired&resource=demo%2Faccess7"},
}

func loadConfig(dir string) (*config.Config, error) {
	var users, accesses strings.Builder
	for i := range 200 {
		fmt.Fprintf(&users, "    - {email: user%d@example.com}\n", i)
	}
	for i := range 10 {
		fmt.Fprintf(&users, "    - {email: approver%d@example.com, groups: [sre]}\n", i)
	}
	for i := range 20 {
		fmt.Fprintf(&accesses, "        - {name: access%d}\n", i)
	}
	yaml := fmt.Sprintf(`
listen: 127.0.0.1:0
store: sqlite:%s
directory:
  users:
    - {email: admin@example.com, groups: [security]}
%s  admins: {groups: [security]}
approvals:
  approvers: {groups: [sre]}
integrations:
  - name: demo
    type: command
    command:
      grant: [/bin/true]
      remove: [/bin/true]
      accesses:
%sweb: {dev_login: true}
`, filepath.Join(dir, "latch.db"), users.String(), accesses.String())
	path := filepath.Join(dir, "latch.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		return nil, err
	}
	return config.LoadWith(path, func(string) string { return "" })
}

func signIn(base string) (*http.Client, error) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp, err := c.PostForm(base+"/login/dev", url.Values{"email": {"admin@example.com"}})
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	return c, nil
}

func timePages(c *http.Client, u string, runs int) ([]time.Duration, error) {
	var d []time.Duration
	for i := range runs + 3 {
		start := time.Now()
		resp, err := c.Get(u)
		if err != nil {
			return nil, err
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "requests") {
			return nil, fmt.Errorf("GET %s: %d", u, resp.StatusCode)
		}
		if i >= 3 { // the first runs warm the page cache
			d = append(d, time.Since(start))
		}
	}
	slices.Sort(d)
	return d, nil
}

// timeExport downloads the whole export and reports its time, size and the
// process's peak resident memory during it (VmHWM, reset just before).
func timeExport(c *http.Client, u string, n int) error {
	runtime.GC()
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
	before := vmHWM()
	cpuBefore := cpuTime()
	start := time.Now()
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	counter := &lineCounter{}
	size, err := io.Copy(counter, resp.Body)
	if err != nil {
		return err
	}
	took := time.Since(start)
	cpu := cpuTime() - cpuBefore
	if counter.lines != n+1 {
		return fmt.Errorf("export has %d lines, want %d", counter.lines, n+1)
	}
	fmt.Printf("\nexport: %d rows, %.1f MB in %s (%.0f rows/s), %s of CPU; "+
		"peak RSS %s (before: %s)\n",
		n, float64(size)/1e6, took.Round(time.Millisecond), float64(n)/took.Seconds(),
		cpu.Round(time.Millisecond), vmHWM(), before)
	return nil
}

// cpuTime is the CPU time the process has used, user and system: on a shared
// machine a steadier measure than the time on the clock.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

type lineCounter struct{ lines int }

func (l *lineCounter) Write(p []byte) (int, error) {
	for _, b := range p {
		if b == '\n' {
			l.lines++
		}
	}
	return len(p), nil
}

func vmHWM() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

func pct(d []time.Duration, p int) time.Duration {
	return d[(len(d)-1)*p/100]
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000)
}
