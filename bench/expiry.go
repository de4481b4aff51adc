package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"time"
)

// expiryResult is how late n grants that ended in the same second were
// removed.
type expiryResult struct {
	// target is the integration that removed the grants.
	target string
	n      int
	// missed were not removed (expired) within the time limit.
	missed int
	lag    summary
	// load is how long recording the grants and their jobs took.
	load time.Duration
}

// measureExpiry records n active grants of the resource that all end lead
// from now, with their expire jobs, straight through latch's service, then
// waits for latch to remove them through its real expiry path and reads each
// one's lag: ended_at − ends_at.
func measureExpiry(ctx context.Context, inst *instance, target, resource string, n int,
	lead, limit time.Duration) (expiryResult, error) {
	fmt.Fprintf(os.Stderr, "loading %d grants of %s ending together\n", n, resource)
	ends := time.Now().Add(lead).Truncate(time.Second)
	t0 := time.Now()
	ids, err := inst.srv.Service().LoadGrants(ctx, requesterEmail, resource, n, ends)
	if err != nil {
		return expiryResult{}, err
	}
	res := expiryResult{target: target, n: n, load: time.Since(t0)}
	if time.Now().After(ends) {
		return res, fmt.Errorf("loading %d grants took %v, past their end: raise -expiry-lead",
			n, res.load)
	}

	db := inst.srv.Store().ReadDB()
	deadline := ends.Add(limit)
	for time.Now().Before(deadline) {
		var left int
		err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM requests
WHERE ends_at = $1 AND status <> 'expired'`, ends.UnixMicro()).Scan(&left)
		if err != nil {
			return res, err
		}
		if left == 0 {
			break
		}
		time.Sleep(250 * time.Millisecond)
	}

	rows, err := db.QueryContext(ctx, `SELECT status, ended_at - ends_at FROM requests
WHERE ends_at = $1`, ends.UnixMicro())
	if err != nil {
		return res, err
	}
	defer rows.Close()
	var lags []time.Duration
	for rows.Next() {
		var (
			status string
			us     int64
		)
		if err := rows.Scan(&status, &us); err != nil {
			return res, err
		}
		if status != "expired" {
			res.missed++
			continue
		}
		lags = append(lags, time.Duration(us)*time.Microsecond)
	}
	if len(lags)+res.missed != len(ids) {
		return res, fmt.Errorf("found %d grants, loaded %d", len(lags)+res.missed, len(ids))
	}
	res.lag = summarize(lags)
	return res, rows.Err()
}

// execFloor is how long starting /bin/true n times takes, parallel at once,
// straight from Go with no latch around it: the least time in which the
// command integration could remove n grants on this machine.
func execFloor(ctx context.Context, n, parallel int) (time.Duration, error) {
	fmt.Fprintf(os.Stderr, "starting /bin/true %d times, %d at once\n", n, parallel)
	var (
		wg    sync.WaitGroup
		slots = make(chan struct{}, parallel)
		errs  = make(chan error, 1)
	)
	t0 := time.Now()
	for range n {
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			if err := exec.CommandContext(ctx, "/bin/true").Run(); err != nil {
				select {
				case errs <- err:
				default:
				}
			}
		})
	}
	wg.Wait()
	d := time.Since(t0)
	select {
	case err := <-errs:
		return d, fmt.Errorf("/bin/true: %w", err)
	default:
		return d, nil
	}
}
