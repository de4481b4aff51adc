package main

import (
	"bytes"
	"fmt"
	"os"
)

// readmeHead explains the benchmark; the figures follow it.
const readmeHead = "# Benchmark\n\n" +
	"`go run ./bench` starts latch in its own process on a fresh store and calls its\n" +
	"API over real HTTP on 127.0.0.1, as a client on another machine would. The\n" +
	"configuration has one `command` integration whose grant and remove programs\n" +
	"are `/bin/true`, one approver, and `require_reason: true`; the requester and\n" +
	"the approver each have an API token. Server logs are formatted as JSON at\n" +
	"info level, as in production, and then dropped.\n\n" +
	"It measures four things (the counts are the defaults; flags change them):\n\n" +
	"1. **Request creation.** `POST /api/v1/requests` from 1, 16 and 64 concurrent\n" +
	"   callers sharing one keep-alive connection pool, 2000 requests each, after\n" +
	"   100 requests of warm-up. It reports requests per second and the latency of\n" +
	"   each call (p50, p99, max).\n" +
	"2. **Request to active.** For 200 requests, one at a time and then 8 at a time:\n" +
	"   create as the requester, approve as the approver, then `GET` the request\n" +
	"   every 5ms until its status is `active`. It reports create→active (from\n" +
	"   sending the create call) and approve→active (from sending the approval).\n" +
	"   The 5ms poll makes these figures up to 5ms late. Before each request a\n" +
	"   worker pauses for a random time under 100ms (`-active-jitter`); without the\n" +
	"   pause, back-to-back requests fall into step with latch's job timer and\n" +
	"   every approval waits for a full period of it.\n" +
	"3. **The store's own limit.** After each creation level, the same number of\n" +
	"   single-row `INSERT`s of about the same size (600 bytes), each its own\n" +
	"   transaction, at the same concurrency, through latch's own connection pool;\n" +
	"   the table shows latch's creations as a ratio of it.\n" +
	"4. **Expiry lag.** 10,000 active grants, all ending in the same second, loaded\n" +
	"   with their expire jobs through the lifecycle (not over HTTP), as\n" +
	"   provisioning writes them, then ended by latch's real expiry path. It runs\n" +
	"   twice: once with the `command` integration, which starts `/bin/true` for\n" +
	"   every removal, and once with an integration written in Go inside the\n" +
	"   benchmark (`inproc`, added through `server.Options.Integrations`) whose\n" +
	"   removal does nothing but count, so that the second run measures latch's\n" +
	"   own expiry path (queue, compare-and-set, events) without the cost of\n" +
	"   starting 10,000 programs. The benchmark fails if the in-process target\n" +
	"   was not called exactly once per grant removed. It reports ended_at −\n" +
	"   ends_at (p50, p99, max) and any grant not removed within 60s.\n\n" +
	"Every run measures SQLite and PostgreSQL (a fresh schema on\n" +
	"`$LATCH_BENCH_POSTGRES_URL` or the local server) one after the other.\n\n" +
	"The client runs in the same process as latch and takes its share of the CPU,\n" +
	"so on a small machine the figures are lower than latch alone would reach.\n" +
	"Every loop is bounded in count and time: each creation level stops after 15s\n" +
	"and each request-to-active run after 30s, and a level that stops early\n" +
	"reports how many requests it finished. A default run takes under two minutes\n" +
	"on two cores.\n\n" +
	"## Running it\n\n" +
	"From the module root:\n\n" +
	"```sh\n" +
	"go run ./bench                      # print the figures\n" +
	"go run ./bench -write               # and rewrite this file\n" +
	"go run ./bench -n 500 -c 1,4        # fewer requests, other concurrencies\n" +
	"go run ./bench -cpuprofile cpu.out  # profile the creation levels\n" +
	"go tool pprof -top cpu.out\n" +
	"go run ./bench -expiry-cpuprofile exp.out  # profile the expiry runs\n" +
	"```\n\n" +
	"`go run ./bench -h` lists every flag. `-store` is `sqlite` by default: a new\n" +
	"file in a temporary directory, removed afterwards. Given a `postgres://` URL\n" +
	"instead, latch uses that database as its store, through `LATCH_STORE` so the\n" +
	"password stays out of files and out of the report. Point it at an empty\n" +
	"database kept for this purpose: latch migrates it and the benchmark leaves\n" +
	"its requests there.\n\n" +
	"## Reading the figures\n\n" +
	"Creating a request writes the request and its first event in one\n" +
	"transaction, and answers from what it wrote. No job is queued for its\n" +
	"time-out: every replica sweeps the requests table every 250ms for pending\n" +
	"requests past their approvable window. Token lookups are not cached: each\n" +
	"call reads the token from the store, so a deleted token stops working at\n" +
	"once. On SQLite every write goes through one connection, so more callers\n" +
	"raise latency more than throughput. Approve→active is mostly the wait for\n" +
	"latch's job workers, which look for new jobs on a timer (every 100ms or a\n" +
	"little more) rather than being woken by the approval: a job enqueued inside\n" +
	"a transaction does not wake them, and the job queue offers no public way to\n" +
	"wake them after the commit.\n\n" +
	"Every grant has its own expire job, written with the grant: it moves the\n" +
	"grant from active to revoking (compare-and-set, with its event), calls the\n" +
	"target, and records the end. The same sweep that times out pending\n" +
	"requests also claims grants whose end has come, up to 500 in one\n" +
	"transaction of three statements (one `UPDATE` that moves them and bumps\n" +
	"their versions, one `INSERT` of their events, one insert of the job that\n" +
	"removes them); that job calls the target 32 at once and records the ends\n" +
	"as they come back, every 250 or every quarter second, each record again\n" +
	"one `UPDATE` and one `INSERT`. The claim event tells the\n" +
	"two owners apart, so each end is removed once, and on PostgreSQL the claim\n" +
	"skips rows another replica is claiming rather than waiting for them.\n" +
	"Expire jobs run behind other jobs, so those that find their grant already\n" +
	"taken do not hold the batches up. Up to 20 jobs run at once per replica.\n\n" +
	"## Latest figures\n\n"

// writeREADME replaces the README at path with the explanation and this
// run's figures.
func (r report) writeREADME(path string) error {
	var b bytes.Buffer
	b.WriteString(readmeHead)
	r.printMachine(&b)
	b.WriteString("\n### Request creation\n\n")
	r.printCreate(&b)
	b.WriteString("\n### Request to active\n\n")
	r.printActive(&b)
	b.WriteString("\n### Expiry lag\n\n")
	r.printExpiry(&b)
	b.WriteString(readmeTail)
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write README: %w", err)
	}
	fmt.Fprintln(os.Stderr, "wrote", path)
	return nil
}

// readmeTail follows the figures: what bounds them, and the other
// benchmarks.
const readmeTail = "\n## What bounds the expiry lag\n\n" +
	"With an in-process target, latch's own expiry path removes 10,000 grants\n" +
	"ending together with a p99 under two seconds on both stores. Claiming and\n" +
	"recording them row by row took a thousand statements per batch of 500;\n" +
	"on PostgreSQL, where each is a round trip to a server sharing the two\n" +
	"cores, that put the p99 at about six seconds, and the set-based statements\n" +
	"brought it to about one.\n\n" +
	"With the `command` integration, latch starts one program per removal, and\n" +
	"this machine starts no more than about 2,000 programs a second however it\n" +
	"is asked: the line under the table shows `/bin/true` started 10,000 times\n" +
	"with no latch at all taking five seconds, most of the lag of that run.\n" +
	"A program-based integration on a machine this size should expect that\n" +
	"figure; targets reached over the network (the `postgres` integration) are\n" +
	"not bound by it.\n\n" +
	"These figures share the machine's two cores with whatever else runs on\n" +
	"it; the load average at the start of the run is in the list above.\n\n" +
	"## Other benchmarks\n\n" +
	"- [bench/slack/README.md](slack/README.md): the Slack interaction endpoint\n" +
	"  under load (SQLite, 5 or 20 clients clicking without pause: p99 under\n" +
	"  80ms; PostgreSQL, 20 clients: 35ms).\n" +
	"- [bench/web/README.md](web/README.md): the dashboard's list and export on\n" +
	"  a million requests (first page p95 under 10ms for every filter; the full\n" +
	"  export in 5 to 6s, peak memory about 50MB).\n"
