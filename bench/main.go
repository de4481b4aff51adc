// Command bench measures latch over real HTTP on loopback: how many access
// requests it creates per second, and how long an approved request takes to
// become active. Run it from the module root:
//
//	go run ./bench          # print the figures
//	go run ./bench -write   # also rewrite bench/README.md
//
// latch runs in this process on a fresh store, with a command integration
// whose programs are /bin/true, so the figures are latch's own cost.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime/pprof"
	"time"
)

func main() {
	opts, err := parseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, opts); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// run starts latch, takes every measurement, and reports.
func run(ctx context.Context, opts options) error {
	inst, err := startLatch(ctx, opts.store)
	if err != nil {
		return err
	}
	defer inst.stop()
	c := newClient(inst.url, maxConcurrency(opts))

	rep := report{opts: opts, machine: describeMachine(), dialect: inst.dialect, date: time.Now()}
	rep.create, err = measureCreates(ctx, c, inst, opts)
	if err != nil {
		return err
	}
	rep.active, err = measureActives(ctx, c, inst, opts)
	if err != nil {
		return err
	}

	rep.print(os.Stdout)
	if opts.write {
		return rep.writeREADME(opts.readme)
	}
	return nil
}

// measureCreates warms latch up, then runs one creation level per
// concurrency, under the CPU profile when one is asked for.
func measureCreates(ctx context.Context, c *client, inst *instance,
	opts options) ([]createResult, error) {
	if _, err := runCreates(ctx, c, inst.requester, opts.warmup, 4, opts.levelTime); err != nil {
		return nil, fmt.Errorf("warm up: %w", err)
	}
	if opts.cpuprofile != "" {
		f, err := os.Create(opts.cpuprofile)
		if err != nil {
			return nil, fmt.Errorf("cpu profile: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return nil, fmt.Errorf("cpu profile: %w", err)
		}
		defer pprof.StopCPUProfile()
	}

	var out []createResult
	for _, conc := range opts.levels {
		fmt.Fprintf(os.Stderr, "creating %d requests at concurrency %d\n", opts.n, conc)
		res, err := runCreates(ctx, c, inst.requester, opts.n, conc, opts.levelTime)
		if err != nil {
			return nil, fmt.Errorf("create at concurrency %d: %w", conc, err)
		}
		out = append(out, res)
	}
	return out, nil
}

// measureActives runs the request-to-active measurement sequentially, then
// at the configured concurrency.
func measureActives(ctx context.Context, c *client, inst *instance,
	opts options) ([]activeResult, error) {
	levels := []int{1}
	if opts.activeC > 1 {
		levels = append(levels, opts.activeC)
	}
	var out []activeResult
	for _, conc := range levels {
		fmt.Fprintf(os.Stderr, "activating %d requests at concurrency %d\n", opts.activeN, conc)
		res, err := runActives(ctx, c, inst, opts.activeN, conc, opts.activeJitter,
			opts.activeTime)
		if err != nil {
			return nil, fmt.Errorf("activate at concurrency %d: %w", conc, err)
		}
		out = append(out, res)
	}
	return out, nil
}
