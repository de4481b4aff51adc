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
	dialect string
	date    time.Time
	create  []createResult
	active  []activeResult
}

// print writes the figures as markdown tables.
func (r report) print(w io.Writer) {
	fmt.Fprintf(w, "Store: %s. Run: `%s`.\n\n", storeName(r.dialect), r.opts.command())
	fmt.Fprint(w, "Request creation (POST /api/v1/requests):\n\n")
	r.printCreate(w)
	fmt.Fprint(w, "\nRequest to active (create, approve, poll GET every 5ms):\n\n")
	r.printActive(w)
}

func (r report) printCreate(w io.Writer) {
	fmt.Fprintln(w, "| concurrency | requests | seconds | requests/s | p50 | p99 | max |")
	fmt.Fprintln(w, "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, c := range r.create {
		fmt.Fprintf(w, "| %d | %d | %.2f | %.0f | %s | %s | %s |\n", c.concurrency, c.done,
			c.elapsed.Seconds(), c.rate(), ms(c.latency.p50), ms(c.latency.p99),
			ms(c.latency.max))
	}
}

func (r report) printActive(w io.Writer) {
	fmt.Fprintln(w, "| concurrency | requests | create→active p50 | p99 "+
		"| approve→active p50 | p99 |")
	fmt.Fprintln(w, "| ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, a := range r.active {
		fmt.Fprintf(w, "| %d | %d | %s | %s | %s | %s |\n", a.concurrency, a.done,
			ms(a.createToActive.p50), ms(a.createToActive.p99),
			ms(a.approveToActive.p50), ms(a.approveToActive.p99))
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
	fmt.Fprintf(w, "- Store: %s\n", storeName(r.dialect))
	fmt.Fprintf(w, "- Command: `%s`\n", r.opts.command())
}

// ms writes d in milliseconds, precise to the microsecond.
func ms(d time.Duration) string {
	return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000)
}

func storeName(dialect string) string {
	if dialect == "postgres" {
		return "PostgreSQL"
	}
	return "SQLite, a fresh file in a temporary directory"
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
