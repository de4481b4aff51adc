package lifecycle

import (
	"time"
)

// Bounds of a job's run. A job still marked running after rescueAfter is
// taken to belong to a replica that died, and another replica runs it again.
const (
	// jobMargin covers the store writes around a job's integration calls
	// and a slow database.
	jobMargin = 5 * time.Second
	// minJobTimeout leaves plugins' jobs (a Slack call) room to finish.
	minJobTimeout = 20 * time.Second
	// rescueMargin separates the end of a job's time from its rescue.
	rescueMargin = 10 * time.Second
	// defaultCallTimeout is an integration's call bound when it sets none.
	defaultCallTimeout = 30 * time.Second
)

// jobTimeout is the longest a job may run before its context is canceled,
// when the slowest integration call may take slowest. The longest jobs are
// a removal that waits in place for its end (up to schedulerHorizon) and
// then calls the slowest integration, and a failed provisioning that calls
// it twice: the grant, then the clean-up.
//
// The queue rescues only jobs that have a timeout: with none, a job that a
// dead replica was running would stay running for ever, and its grant would
// never be removed.
func jobTimeout(slowest time.Duration) time.Duration {
	return max(max(schedulerHorizon+slowest, 2*slowest)+jobMargin, minJobTimeout)
}

// rescueAfter is when a running job is rescued: after any live replica's run
// of it has ended, so that no job runs twice at once, and soon after, so that
// a dead replica's jobs are taken up within a minute or so (the queue looks
// for them every 30s).
func rescueAfter(slowest time.Duration) time.Duration {
	return jobTimeout(slowest) + rescueMargin
}

// slowestCall is the longest any integration's call may take.
func (s *Service) slowestCall() time.Duration {
	var slowest time.Duration
	for _, name := range s.integrations.Names() {
		slowest = max(slowest, s.timeout(name))
	}
	return slowest
}
