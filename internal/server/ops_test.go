package server_test

import (
	"net/http"
	"regexp"
	"strconv"
	"testing"
)

// /healthz and /readyz answer without a token, and /metrics counts what
// happened to requests.
func TestOperations(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOptions{})
	for _, path := range []string{"/healthz", "/readyz"} {
		if code, raw := b.do("", "GET", path, "", nil); code != http.StatusOK {
			t.Errorf("%s: %d %s", path, code, raw)
		}
	}

	r := b.create("alice", "demo/shell")
	b.do("bob", "POST", "/api/v1/requests/"+r.ID+"/approve", `{"expiry":"1s"}`, nil)
	b.waitStatus(r.ID, "expired")
	pending := b.create("alice", "demo/logs")

	code, raw := b.do("", "GET", "/metrics", "", nil)
	if code != http.StatusOK {
		t.Fatalf("/metrics: %d", code)
	}
	for metric, want := range map[string]float64{
		`latch_grants_total`:                         1,
		`latch_removals_total{reason="expired"}`:     1,
		`latch_grant_failures_total`:                 0,
		`latch_removal_failures_total`:               0,
		`latch_requests{status="pending"}`:           1,
		`latch_requests{status="expired"}`:           1,
		`latch_decision_seconds_count`:               1,
		`latch_expiry_lag_seconds_count`:             1,
		`latch_expiry_lag_seconds_bucket{le="+Inf"}`: 1,
	} {
		if got, ok := metricValue(string(raw), metric); !ok || got != want {
			t.Errorf("%s = %v (found %v), want %v", metric, got, ok, want)
		}
	}

	// A pending request's time-out is no job; a grant's end is one.
	b.do("bob", "POST", "/api/v1/requests/"+pending.ID+"/approve", `{"expiry":"1h"}`, nil)
	b.waitStatus(pending.ID, "active")
	_, raw = b.do("", "GET", "/metrics", "", nil)
	if got, _ := metricValue(string(raw), `latch_jobs{state="scheduled"}`); got < 1 {
		t.Errorf("scheduled jobs = %v, want the grant's expiry", got)
	}
}

// metricValue finds one sample in Prometheus's text format.
func metricValue(body, name string) (float64, bool) {
	re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(name) + ` (\S+)$`)
	m := re.FindStringSubmatch(body)
	if m == nil {
		return 0, false
	}
	v, err := strconv.ParseFloat(m[1], 64)
	return v, err == nil
}
