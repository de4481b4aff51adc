package main

import (
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// options are the benchmark's settings, all from flags.
type options struct {
	// store is "sqlite" for a fresh SQLite file in a temporary directory, or
	// a postgres:// URL handed to latch as its store.
	store  string
	n      int
	levels []int
	warmup int
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
	// args are the flags as given, to show how to repeat the run.
	args []string
}

func parseFlags(args []string) (options, error) {
	var (
		o      options
		levels string
	)
	o.args = args
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.StringVar(&o.store, "store", "sqlite",
		`"sqlite" (a fresh file in a temporary directory) or a postgres:// URL of an empty database`)
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
	if err := fs.Parse(args); err != nil {
		return o, err
	}

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
	case o.store != "sqlite" && !strings.HasPrefix(o.store, "postgres://") &&
		!strings.HasPrefix(o.store, "postgresql://"):
		return errors.New(`-store: want "sqlite" or a postgres:// URL`)
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

// maxConcurrency is the most calls in flight at once, to size the client's
// connection pool.
func maxConcurrency(o options) int {
	m := max(o.activeC, 4)
	for _, c := range o.levels {
		m = max(m, c)
	}
	return m
}
