package main

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// report is a run's figures and their circumstances.
type report struct {
	opts    options
	machine machine
	date    time.Time
	stores  []storeReport
	// execFloor is how long starting /bin/true once per grant of the expiry
	// runs took without latch.
	execFloor time.Duration
}

// storeReport is one store's figures.
type storeReport struct {
	dialect string
	create  []createResult
	// raw are the store's own single-row inserts, one per creation level.
	raw    []createResult
	active []activeResult
	// expiry has one run per integration: the command one, then the
	// in-process one.
	expiry []expiryResult
}

// print writes the figures as markdown tables.
func (r report) print(w io.Writer) {
	fmt.Fprintf(w, "Run: `%s`.\n\n", r.opts.command())
	fmt.Fprint(w, "Request creation (POST /api/v1/requests), and the store's own limit:\n\n")
	r.printCreate(w)
	fmt.Fprint(w, "\nRequest to active (create, approve, poll GET every 5ms):\n\n")
	r.printActive(w)
	fmt.Fprint(w, "\nExpiry lag (ended_at − ends_at) of grants ending in the same second:\n\n")
	r.printExpiry(w)
}

func (r report) printCreate(w io.Writer) {
	fmt.Fprintln(w, "| store | concurrency | requests | requests/s | p50 | p99 | max "+
		"| raw inserts/s | raw p99 | latch ÷ raw |")
	fmt.Fprintln(w, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, s := range r.stores {
		for i, c := range s.create {
			raw := createResult{}
			if i < len(s.raw) {
				raw = s.raw[i]
			}
			ratio := 0.0
			if raw.rate() > 0 {
				ratio = c.rate() / raw.rate()
			}
			fmt.Fprintf(w, "| %s | %d | %d | %.0f | %s | %s | %s | %.0f | %s | %.2f |\n",
				shortName(s.dialect), c.concurrency, c.done, c.rate(), ms(c.latency.p50),
				ms(c.latency.p99), ms(c.latency.max), raw.rate(), ms(raw.latency.p99), ratio)
		}
	}
}

func (r report) printActive(w io.Writer) {
	fmt.Fprintln(w, "| store | concurrency | requests | create→active p50 | p99 "+
		"| approve→active p50 | p99 |")
	fmt.Fprintln(w, "| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, s := range r.stores {
		for _, a := range s.active {
			fmt.Fprintf(w, "| %s | %d | %d | %s | %s | %s | %s |\n", shortName(s.dialect),
				a.concurrency, a.done, ms(a.createToActive.p50), ms(a.createToActive.p99),
				ms(a.approveToActive.p50), ms(a.approveToActive.p99))
		}
	}
}

func (r report) printExpiry(w io.Writer) {
	fmt.Fprintln(w, "| store | integration | grants | loaded in | removed | missed | "+
		"lag p50 | p99 | max |")
	fmt.Fprintln(w, "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, s := range r.stores {
		for _, e := range s.expiry {
			fmt.Fprintf(w, "| %s | %s | %d | %.1f s | %d | %d | %s | %s | %s |\n",
				shortName(s.dialect), e.target, e.n, e.load.Seconds(), e.lag.n, e.missed,
				ms(e.lag.p50), ms(e.lag.p99), ms(e.lag.max))
		}
	}
	if r.execFloor > 0 {
		fmt.Fprintf(w, "\nThe machine's own limit for the `command` integration: starting "+
			"`/bin/true` %d times, %d at once, straight from Go without latch, took %.1f s.\n",
			r.opts.expiryN, execParallel, r.execFloor.Seconds())
	}
}

// printMachine writes what the figures were measured on, as a list.
func (r report) printMachine(w io.Writer) {
	m := r.machine
	fmt.Fprintf(w, "- Date: %s\n", r.date.UTC().Format("2006-01-02"))
	fmt.Fprintf(w, "- CPU: %s, %d cores\n", m.cpu, m.cores)
	fmt.Fprintf(w, "- Memory: %s\n", m.memory)
	fmt.Fprintf(w, "- OS: %s\n", m.os)
	fmt.Fprintf(w, "- Go: %s\n", m.goVer)
	fmt.Fprintf(w, "- Load average at start (1, 5, 15 min): %s\n", m.load)
	for _, s := range r.stores {
		fmt.Fprintf(w, "- Store: %s\n", storeName(s.dialect))
	}
	fmt.Fprintf(w, "- Command: `%s`\n", r.opts.command())
}

// ms writes d in milliseconds, precise to the microsecond.
func ms(d time.Duration) string {
	return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000)
}

func storeName(dialect string) string {
	if dialect == "postgres" {
		return "PostgreSQL on the same machine, a fresh schema"
	}
	return "SQLite, a fresh file in a temporary directory"
}

func shortName(dialect string) string {
	if dialect == "postgres" {
		return "PostgreSQL"
	}
	return "SQLite"
}

// command is how to repeat the run, with the store URL hidden since it may
// hold a password.
func (o options) command() string {
	var b strings.Builder
	b.WriteString("go run ./bench")
	for _, a := range o.args {
		if i := strings.Index(a, "://"); i >= 0 {
			a = a[:i] + "://..."
		}
		b.WriteString(" " + a)
	}
	return b.String()
}
