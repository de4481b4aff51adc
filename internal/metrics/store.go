package metrics

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/latchhq/latch/internal/request"
	"github.com/latchhq/latch/internal/store"
)

var (
	requestsDesc = prometheus.NewDesc("latch_requests",
		"Requests in the store, by status.", []string{"status"}, nil)
	jobsDesc = prometheus.NewDesc("latch_jobs",
		"Jobs waiting or running in the queue, by state: available (due now), "+
			"scheduled, retryable or running.", []string{"state"}, nil)
)

// jobStates are the queue states counted as its depth.
var jobStates = []string{"available", "scheduled", "retryable", "running"}

// storeCollector counts requests and jobs in the store at each scrape. Every
// replica reports the same shared counts.
type storeCollector struct {
	st  *store.Store
	log *slog.Logger
}

func (c *storeCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- requestsDesc
	ch <- jobsDesc
}

// Collect reads the counts with a short deadline; a failure is logged and
// leaves the counts out of this scrape rather than failing it.
func (c *storeCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	reqs, err := c.st.CountRequests(ctx)
	if err != nil {
		c.log.Warn("metrics: count requests", "err", err)
	} else {
		for _, st := range request.Statuses {
			ch <- prometheus.MustNewConstMetric(requestsDesc, prometheus.GaugeValue,
				float64(reqs[string(st)]), string(st))
		}
	}
	jobs, err := c.st.CountJobs(ctx)
	if err != nil {
		c.log.Warn("metrics: count jobs", "err", err)
		return
	}
	for _, s := range jobStates {
		ch <- prometheus.MustNewConstMetric(jobsDesc, prometheus.GaugeValue,
			float64(jobs[s]), s)
	}
}
