// Command slack measures how fast latch answers Slack's interaction calls
// (button clicks) under load: signed block_actions payloads sent by many
// clients at once, each answer timed from send to response. Slack gives an
// app three seconds; latch aims for a p99 under 100 ms. Run it from the
// module root:
//
//	go run ./bench/slack                 # SQLite, 20 clients, 5000 clicks
//	go run ./bench/slack -c 50 -n 20000
//	go run ./bench/slack -store postgres://postgres@127.0.0.1:5432/test
//
// latch runs in this process with a fake Slack Web API, so the jobs that
// the clicks queue (the decision, message updates, direct messages) run
// too, competing for the store as they would in production.
package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	var (
		n       = flag.Int("n", 5000, "clicks to send")
		clients = flag.Int("c", 20, "clients sending at once")
		reqs    = flag.Int("requests", 500, "pending requests the clicks land on")
		store   = flag.String("store", "", "store URL; a fresh SQLite file by default")
	)
	flag.Parse()
	if err := run(*n, *clients, *reqs, *store); err != nil {
		fmt.Fprintln(os.Stderr, "bench/slack:", err)
		os.Exit(1)
	}
}

func run(n, clients, reqs int, store string) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	inst, err := start(ctx, store)
	if err != nil {
		return err
	}
	defer inst.close()
	ids, err := inst.pending(ctx, reqs)
	if err != nil {
		return err
	}

	lat, took, failed := load(inst.url+"/slack/interactions", ids, n, clients)
	slices.Sort(lat)
	fmt.Printf("clicks %d, clients %d, failed %d, %.0f clicks/s\n", len(lat), clients, failed,
		float64(len(lat))/took.Seconds())
	fmt.Printf("answer time p50 %s, p90 %s, p99 %s, max %s\n", pct(lat, 50), pct(lat, 90),
		pct(lat, 99), lat[len(lat)-1])
	fmt.Printf("machine: %s, %d cores, store %s\n", cpuModel(), numCPU(), inst.dialect)
	if failed > 0 {
		return fmt.Errorf("%d clicks failed", failed)
	}
	return nil
}

// load sends n signed clicks from clients goroutines and returns each
// answer's time.
func load(endpoint string, ids []string, n, clients int) ([]time.Duration, time.Duration, int64) {
	var (
		next   atomic.Int64
		failed atomic.Int64
		mu     sync.Mutex
		lat    = make([]time.Duration, 0, n)
		wg     sync.WaitGroup
	)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	users := []string{"U0BOB", "U0CAROL", "U0MALLORY", "U0ALICE"}
	begin := time.Now()
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					break
				}
				body := click(users[i%len(users)], ids[i%len(ids)])
				d, err := send(client, endpoint, body)
				if err != nil {
					failed.Add(1)
					continue
				}
				mine = append(mine, d)
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	return lat, time.Since(begin), failed.Load()
}

// click is a form-encoded block_actions payload: user clicks Approve on id.
func click(user, id string) []byte {
	payload := fmt.Sprintf(`{"type":"block_actions","team":{"id":%q},`+
		`"user":{"id":%q,"team_id":%q},`+
		`"channel":{"id":"C0APPROVALS"},"actions":[{"type":"button","action_id":"approve",`+
		`"block_id":"latch_decide","value":%q}],"state":{"values":{"latch_decide":`+
		`{"expiry":{"type":"static_select","selected_option":{"value":"1h"}}}}}}`,
		benchTeam, user, benchTeam, id)
	return []byte(url.Values{"payload": {payload}}.Encode())
}

func pct(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := (len(sorted)*p + 99) / 100
	return sorted[min(max(i-1, 0), len(sorted)-1)].Round(10 * time.Microsecond)
}
