// Package metrics exposes latch's Prometheus metrics: what happens to
// requests (heard as a lifecycle plugin, in the transaction of each event),
// and what the store holds (counted when Prometheus scrapes).
package metrics

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/riverqueue/river"

	"github.com/latchhq/latch/internal/lifecycle"
	"github.com/latchhq/latch/internal/request"
	"github.com/latchhq/latch/internal/store"
)

// Metrics holds one latch's metrics in a registry of its own, so that
// several servers in one process (as in tests) do not collide.
type Metrics struct {
	reg *prometheus.Registry

	decision        prometheus.Histogram
	grants          prometheus.Counter
	grantFailures   prometheus.Counter
	removals        *prometheus.CounterVec
	removalFailures prometheus.Counter
	expiryLag       prometheus.Histogram
}

// New registers latch's metrics, the counts read from st at each scrape,
// and the Go runtime's and process's own.
func New(st *store.Store, log *slog.Logger) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		decision: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "latch_decision_seconds",
			Help: "Time from a request's creation to its approval or denial.",
			Buckets: []float64{1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 4 * 3600,
				12 * 3600, 24 * 3600},
		}),
		grants: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "latch_grants_total",
			Help: "Accesses granted in a target system.",
		}),
		grantFailures: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "latch_grant_failures_total",
			Help: "Failed attempts to grant an access, the last of which errors the request.",
		}),
		removals: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "latch_removals_total",
			Help: "Accesses removed from a target system, by why they ended.",
		}, []string{"reason"}),
		removalFailures: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "latch_removal_failures_total",
			Help: "Failed attempts to remove an access, the last of which errors the request.",
		}),
		expiryLag: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "latch_expiry_lag_seconds",
			Help:    "Time from a grant's end to the removal of its access, for expiries.",
			Buckets: []float64{0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300},
		}),
	}
	m.reg.MustRegister(m.decision, m.grants, m.grantFailures, m.removals,
		m.removalFailures, m.expiryLag, &storeCollector{st: st, log: log},
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Registry is where the metrics live, for tests that read them.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

var _ lifecycle.Plugin = (*Metrics)(nil)

// AddWorkers adds none: metrics run no jobs.
func (*Metrics) AddWorkers(*river.Workers) {}

// Recorded counts the event. It runs inside the event's transaction, which
// may yet fail to commit; a count may then be one too high, never too low.
func (m *Metrics) Recorded(_ context.Context, _ lifecycle.Enqueuer, r request.Request,
	e request.Event) error {
	switch e.Kind {
	case request.KindApproved, request.KindDenied:
		m.decision.Observe(seconds(e.At.Sub(r.CreatedAt)))
	case request.KindGranted:
		m.grants.Inc()
	case request.KindGrantFailed:
		m.grantFailures.Inc()
	case request.KindRemoveFailed:
		m.removalFailures.Inc()
	case request.KindExpired, request.KindRevoked, request.KindRelinquished:
		m.removals.WithLabelValues(e.Kind).Inc()
		if e.Kind == request.KindExpired && !r.EndsAt.IsZero() {
			m.expiryLag.Observe(seconds(r.EndedAt.Sub(r.EndsAt)))
		}
	case request.KindErrored:
		switch e.FromStatus {
		case request.Approved:
			m.grantFailures.Inc()
		case request.Revoking:
			m.removalFailures.Inc()
		}
	}
	return nil
}

func seconds(d time.Duration) float64 { return max(d.Seconds(), 0) }
