package main

import (
	"slices"
	"time"
)

// summary describes a set of latencies.
type summary struct {
	n        int
	p50, p99 time.Duration
	max      time.Duration
}

// summarize sorts ds in place and reads its percentiles.
func summarize(ds []time.Duration) summary {
	if len(ds) == 0 {
		return summary{}
	}
	slices.Sort(ds)
	return summary{
		n:   len(ds),
		p50: percentile(ds, 50),
		p99: percentile(ds, 99),
		max: ds[len(ds)-1],
	}
}

// percentile is the nearest-rank percentile p of sorted ds: the smallest
// value that at least p% of the values do not exceed.
func percentile(sorted []time.Duration, p int) time.Duration {
	rank := (p*len(sorted) + 99) / 100 // ceil(p/100 * n)
	return sorted[max(rank, 1)-1]
}
