package lifecycle

import (
	"time"

	"github.com/latchhq/latch/internal/config"
)

// Rescue bounds. A job still marked running after rescueAfter is taken to
// belong to a replica that died, and another replica runs it again.
const (
	// rescueMargin covers the store writes around a job's integration call
	// and a slow database.
	rescueMargin = 10 * time.Second
	// minRescueAfter leaves plugins' jobs (a Slack call) room to finish.
	minRescueAfter = 20 * time.Second
	// defaultCallTimeout is an integration's call bound when it sets none.
	defaultCallTimeout = 30 * time.Second
)

// rescueAfter is how long a job may run before it is rescued: longer than
// any job of a live replica runs, so that no job runs twice at once, and no
// longer, so that a dead replica's jobs are taken up soon. The longest jobs
// are a removal that waits in place for its end (up to schedulerHorizon) and
// then calls the slowest integration, and a failed provisioning that calls it
// twice: the grant, then the clean-up.
func rescueAfter(cfg *config.Config) time.Duration {
	slowest := time.Duration(0)
	for _, in := range cfg.Integrations {
		t := time.Duration(in.Timeout)
		if t <= 0 {
			t = defaultCallTimeout
		}
		slowest = max(slowest, t)
	}
	return max(max(schedulerHorizon+slowest, 2*slowest)+rescueMargin, minRescueAfter)
}
