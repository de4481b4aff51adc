package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/latchhq/latch/internal/request"
)

// pollEvery is how often a waiting worker asks for the request's status,
// so every request-to-active figure is late by up to this much.
const pollEvery = 5 * time.Millisecond

// activeWait bounds the wait for one request to become active.
const activeWait = 15 * time.Second

// activeResult is one request-to-active run's outcome.
type activeResult struct {
	concurrency int
	done        int
	// createToActive runs from sending the create call until a status call
	// first shows the request active; approveToActive from sending the
	// approval.
	createToActive  summary
	approveToActive summary
}

// activeTimes is one request's two measurements.
type activeTimes struct {
	fromCreate, fromApprove time.Duration
}

// runActives takes n requests from creation to active, conc at a time, and
// stops early at the time limit. The first failure ends the run. Each worker
// pauses for a random time below jitter before each request, so that the
// requests do not fall into step with latch's own timers.
func runActives(ctx context.Context, c *client, inst *instance, n, conc int,
	jitter, limit time.Duration) (activeResult, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	deadline := time.Now().Add(limit)
	var (
		next    atomic.Int64
		wg      sync.WaitGroup
		results = make([][]activeTimes, conc)
	)

	for w := range conc {
		wg.Go(func() {
			for next.Add(1) <= int64(n) && time.Now().Before(deadline) && ctx.Err() == nil {
				pause(ctx, jitter)
				t, err := activateOne(ctx, c, inst)
				if err != nil {
					cancel(err)
					return
				}
				results[w] = append(results[w], t)
			}
		})
	}
	wg.Wait()

	if err := context.Cause(ctx); err != nil {
		return activeResult{}, err
	}
	var fromCreate, fromApprove []time.Duration
	for _, rs := range results {
		for _, t := range rs {
			fromCreate = append(fromCreate, t.fromCreate)
			fromApprove = append(fromApprove, t.fromApprove)
		}
	}
	return activeResult{concurrency: conc, done: len(fromCreate),
		createToActive: summarize(fromCreate), approveToActive: summarize(fromApprove)}, nil
}

// pause sleeps for a random time below jitter, or until ctx ends.
func pause(ctx context.Context, jitter time.Duration) {
	if jitter <= 0 {
		return
	}
	t := time.NewTimer(rand.N(jitter))
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// activateOne creates a request as the requester, approves it as the
// approver, and polls until it is active.
func activateOne(ctx context.Context, c *client, inst *instance) (activeTimes, error) {
	created := time.Now()
	id, err := c.create(ctx, inst.requester)
	if err != nil {
		return activeTimes{}, err
	}
	approved := time.Now()
	if err := c.approve(ctx, inst.approver, id); err != nil {
		return activeTimes{}, err
	}

	if err := waitActive(ctx, c, inst.requester, id); err != nil {
		return activeTimes{}, err
	}
	now := time.Now()
	return activeTimes{fromCreate: now.Sub(created), fromApprove: now.Sub(approved)}, nil
}

// waitActive polls the request's status every pollEvery, for up to
// activeWait. A request that ends in any other settled status is an error.
func waitActive(ctx context.Context, c *client, token, id string) error {
	deadline := time.Now().Add(activeWait)
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	for {
		status, err := c.status(ctx, token, id)
		if err != nil {
			return err
		}
		switch request.Status(status) {
		case request.Active:
			return nil
		case request.Pending, request.Approved:
		default:
			return fmt.Errorf("request %s became %s, not active", id, status)
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("request %s still %s after %s", id, status, activeWait)
		}
		select {
		case <-ctx.Done():
			return context.Cause(ctx)
		case <-tick.C:
		}
	}
}
