// Package duration parses and prints the durations people type: Go-style
// ("90s", "15m", "2h30m") plus days and weeks ("1d", "1w").
package duration

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

const (
	day  = 24 * time.Hour
	week = 7 * day
	// maxDays keeps every duration far from overflowing.
	maxDays = 36500
)

// Parse reads a positive duration such as "90s", "15m", "2h", "1d" or "1w".
// Days and weeks may be combined with Go units ("1d12h").
func Parse(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("empty duration: use a number with a unit, such as 15m, 2h, 1d or 1w")
	}
	if strings.ContainsAny(s, "+ ") {
		return 0, invalid(s)
	}
	var total time.Duration
	rest := s
	for _, unit := range []struct {
		suffix byte
		size   time.Duration
	}{{'w', week}, {'d', day}} {
		i := strings.IndexByte(rest, unit.suffix)
		if i < 0 {
			continue
		}
		n, err := strconv.Atoi(rest[:i])
		if err != nil || n < 0 {
			return 0, invalid(s)
		}
		if n > maxDays {
			return 0, fmt.Errorf("duration %q is too long: latch counts up to %d days", s, maxDays)
		}
		total += time.Duration(n) * unit.size
		rest = rest[i+1:]
	}
	if rest != "" {
		d, err := time.ParseDuration(rest)
		if err != nil || d < 0 {
			return 0, invalid(s)
		}
		total += d
	}
	if total <= 0 {
		return 0, fmt.Errorf("duration %q is not positive: use, for example, 15m, 2h, 1d or 1w", s)
	}
	return total, nil
}

func invalid(s string) error {
	return fmt.Errorf("invalid duration %q: use a number with a unit, such as 90s, 15m, 2h, 1d or 1w", s)
}

// Format prints d in the largest units that divide it exactly: "1w", "1d",
// "1d12h", "2h", "90s".
func Format(d time.Duration) string {
	if d <= 0 {
		return "0s"
	}
	var b strings.Builder
	if w := d / week; w > 0 && d%week == 0 {
		fmt.Fprintf(&b, "%dw", w)
		d -= w * week
	}
	if dd := d / day; dd > 0 {
		fmt.Fprintf(&b, "%dd", dd)
		d -= dd * day
	}
	if d == 0 {
		return b.String()
	}
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	b.WriteString(s)
	return b.String()
}
