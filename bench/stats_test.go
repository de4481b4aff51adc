package main

import (
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	t.Parallel()
	ds := make([]time.Duration, 200)
	for i := range ds {
		ds[i] = time.Duration(i+1) * time.Millisecond
	}
	tests := []struct {
		values []time.Duration
		p      int
		want   time.Duration
	}{
		{ds, 50, 100 * time.Millisecond},
		{ds, 99, 198 * time.Millisecond},
		{ds[:1], 50, time.Millisecond},
		{ds[:1], 99, time.Millisecond},
		{ds[:3], 50, 2 * time.Millisecond},
		{ds[:3], 99, 3 * time.Millisecond},
	}
	for _, tt := range tests {
		if got := percentile(tt.values, tt.p); got != tt.want {
			t.Errorf("percentile(%d values, %d) = %v, want %v", len(tt.values), tt.p, got, tt.want)
		}
	}
}
