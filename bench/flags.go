package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// options are the benchmark's settings, all from flags.
type options struct {
	// stores are measured one after the other in the same run: "sqlite" for
	// a fresh SQLite file in a temporary directory, "postgres" for a fresh
	// schema on the -postgres server, or a postgres:// URL of an empty
	// database handed to latch as its store.
	stores   []string
	postgres string
	// expiryN grants end in the same second, expiryLead after they start
	// to be loaded; expiryTime bounds the wait for their removal.
	expiryN    int
	expiryLead time.Duration
	expiryTime time.Duration
	n          int
	levels     []int
	warmup     int
	// levelTime bounds each creation level; a level that runs out of time
	// reports what it finished.
	levelTime  time.Duration
	activeN    int
	activeC    int
	activeTime time.Duration
	// activeJitter is the most a request-to-active worker pauses before
	// each request.
	activeJitter time.Duration
	write        bool
	readme       string
	cpuprofile   string
	// expiryProfile is a CPU profile of the expiry runs.
	expiryProfile string
	// args are the flags as given, to show how to repeat the run.
	args []string
}

func parseFlags(args []string) (options, error) {
	var (
		o              options
		levels, stores string
	)
	o.args = args
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.StringVar(&stores, "store", "sqlite,postgres", `comma-separated stores: "sqlite" `+
		`(a fresh file), "postgres" (a fresh schema on -postgres), or a postgres:// URL`)
	fs.StringVar(&o.postgres, "postgres", defaultPostgres,
		`PostgreSQL server for -store postgres (default $LATCH_BENCH_POSTGRES_URL or local)`)
	fs.IntVar(&o.expiryN, "expiry-n", 10000, "grants ending in the same second")
	fs.DurationVar(&o.expiryLead, "expiry-lead", 20*time.Second,
		"time from loading the grants to their end")
	fs.DurationVar(&o.expiryTime, "expiry-time", 60*time.Second,
		"time limit for removing them after their end")
	fs.IntVar(&o.n, "n", 2000, "requests created at each concurrency level")
	fs.StringVar(&levels, "c", "1,16,64", "comma-separated concurrency levels for creation")
	fs.IntVar(&o.warmup, "warmup", 100, "requests created before measuring")
	fs.DurationVar(&o.levelTime, "level-time", 15*time.Second, "time limit of each creation level")
	fs.IntVar(&o.activeN, "active-n", 200, "requests taken to active, at each concurrency")
	fs.IntVar(&o.activeC, "active-c", 8, "concurrency of the second request-to-active run")
	fs.DurationVar(&o.activeTime, "active-time", 30*time.Second,
		"time limit of each request-to-active run")
	fs.DurationVar(&o.activeJitter, "active-jitter", 100*time.Millisecond,
		"request-to-active workers pause for a random time below this before each request")
	fs.BoolVar(&o.write, "write", false, "rewrite the README with the figures")
	fs.StringVar(&o.readme, "readme", "bench/README.md", "README path for -write")
	fs.StringVar(&o.cpuprofile, "cpuprofile", "",
		"write a CPU profile of the creation levels to this file")
	fs.StringVar(&o.expiryProfile, "expiry-cpuprofile", "",
		"write a CPU profile of the expiry runs to this file")
	if err := fs.Parse(args); err != nil {
		return o, err
	}

	o.stores = strings.Split(stores, ",")
	var err error
	if o.levels, err = parseLevels(levels); err != nil {
		return o, err
	}
	return o, o.check()
}

// parseLevels reads "1,16,64".
func parseLevels(s string) ([]int, error) {
	var out []int
	for part := range strings.SplitSeq(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("-c: %q is not a positive number", part)
		}
		out = append(out, n)
	}
	return out, nil
}

func (o options) check() error {
	switch {
	case slices.ContainsFunc(o.stores, badStore):
		return errors.New(`-store: want "sqlite", "postgres" or a postgres:// URL`)
	case o.expiryN < 0:
		return errors.New("-expiry-n must not be negative")
	case o.n < 1, o.activeN < 1:
		return errors.New("-n and -active-n must be at least 1")
	case o.activeC < 1:
		return errors.New("-active-c must be at least 1")
	case o.warmup < 0, o.activeJitter < 0:
		return errors.New("-warmup and -active-jitter must not be negative")
	case o.levelTime <= 0, o.activeTime <= 0:
		return errors.New("-level-time and -active-time must be positive")
	}
	return nil
}

func badStore(s string) bool {
	return s != "sqlite" && s != "postgres" && !strings.HasPrefix(s, "postgres://") &&
		!strings.HasPrefix(s, "postgresql://")
}

// defaultPostgres is the server for -store postgres.
var defaultPostgres = cmp.Or(os.Getenv("LATCH_BENCH_POSTGRES_URL"),
	"postgres://postgres@127.0.0.1:5432/test?sslmode=disable")

// maxConcurrency is the most calls in flight at once, to size the client's
// connection pool.
func maxConcurrency(o options) int {
	m := max(o.activeC, 4)
	for _, c := range o.levels {
		m = max(m, c)
	}
	return m
}
