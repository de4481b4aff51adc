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

// run measures each store in turn, then reports them side by side.
func run(ctx context.Context, opts options) error {
	rep := report{opts: opts, machine: describeMachine(), date: time.Now()}
	if opts.expiryN > 0 {
		var err error
		if rep.execFloor, err = execFloor(ctx, opts.expiryN, execParallel); err != nil {
			return err
		}
	}
	for _, st := range opts.stores {
		sr, err := runStore(ctx, opts, st)
		if err != nil {
			return fmt.Errorf("%s: %w", st, err)
		}
		rep.stores = append(rep.stores, sr)
	}

	rep.print(os.Stdout)
	if opts.write {
		return rep.writeREADME(opts.readme)
	}
	return nil
}

// execParallel is how many programs latch's batch removal starts at once.
const execParallel = 32

// runStore starts latch on one fresh store and takes every measurement.
func runStore(ctx context.Context, opts options, storeFlag string) (storeReport, error) {
	if storeFlag == "postgres" {
		u, drop, err := freshSchema(ctx, opts.postgres)
		if err != nil {
			return storeReport{}, err
		}
		defer drop()
		storeFlag = u
	}
	inst, err := startLatch(ctx, storeFlag)
	if err != nil {
		return storeReport{}, err
	}
	defer inst.stop()
	c := newClient(inst.url, maxConcurrency(opts))

	sr := storeReport{dialect: inst.dialect}
	if sr.create, err = measureCreates(ctx, c, inst, opts); err != nil {
		return sr, err
	}
	for _, conc := range opts.levels {
		fmt.Fprintf(os.Stderr, "inserting %d rows straight at concurrency %d\n", opts.n, conc)
		raw, err := runRawInserts(ctx, inst.srv.Store().DB(), opts.n, conc)
		if err != nil {
			return sr, err
		}
		sr.raw = append(sr.raw, raw)
	}
	if sr.active, err = measureActives(ctx, c, inst, opts); err != nil {
		return sr, err
	}
	if opts.expiryN > 0 {
		sr.expiry, err = measureExpiries(ctx, inst, opts)
	}
	return sr, err
}

// measureExpiries expires grants of the command integration, whose every
// removal starts /bin/true, then grants of the in-process one, whose
// removals cost nothing: latch's own expiry path. It checks that the
// in-process target was called once for each grant.
func measureExpiries(ctx context.Context, inst *instance, opts options) ([]expiryResult, error) {
	if opts.expiryProfile != "" {
		f, err := os.Create(opts.expiryProfile)
		if err != nil {
			return nil, fmt.Errorf("cpu profile: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return nil, fmt.Errorf("cpu profile: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	var out []expiryResult
	for _, t := range []struct{ name, resource string }{
		{"command", resource}, {"in-process", inProcessResource},
	} {
		res, err := measureExpiry(ctx, inst, t.name, t.resource, opts.expiryN,
			opts.expiryLead, opts.expiryTime)
		if err != nil {
			return out, err
		}
		out = append(out, res)
	}
	if n := inst.inproc.removals.Load(); n != int64(opts.expiryN-out[1].missed) {
		return out, fmt.Errorf("in-process target: %d removals for %d grants removed",
			n, opts.expiryN-out[1].missed)
	}
	return out, nil
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
