package request

import (
	"testing"
	"time"
)

func TestConflictNamesWhoDecided(t *testing.T) {
	t.Parallel()
	t1 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	t2 := t1.Add(time.Hour)
	tests := []struct {
		name string
		r    Request
		by   string
		at   time.Time
	}{
		{"approved", Request{Status: Approved, ApprovedBy: "bob", ApprovedAt: t1}, "bob", t1},
		{"denied", Request{Status: Denied, DeniedBy: "carol", DeniedAt: t1}, "carol", t1},
		{"canceled", Request{Status: Canceled, EndedBy: "alice", EndedAt: t2}, "alice", t2},
		{"revoking", Request{Status: Revoking, ApprovedBy: "bob", ApprovedAt: t1,
			EndedBy: "carol", UpdatedAt: t2}, "carol", t2},
		{"timed out", Request{Status: TimedOut}, "", time.Time{}},
	}
	for _, tt := range tests {
		c := Conflict(tt.r)
		if c.DecidedBy != tt.by || !c.DecidedAt.Equal(tt.at) {
			t.Errorf("%s: decided by %q at %v, want %q at %v", tt.name, c.DecidedBy,
				c.DecidedAt, tt.by, tt.at)
		}
	}
}

func TestMoves(t *testing.T) {
	t.Parallel()
	tests := []struct {
		from, to Status
		ok       bool
	}{
		{Pending, Approved, true},
		{Pending, Active, false},
		{Approved, Active, true},
		{Active, Expired, false},
		{Active, Revoking, true},
		{Revoking, Expired, true},
		{Expired, Revoking, false},
		{Errored, Revoking, true},
		{Denied, Approved, false},
	}
	for _, tt := range tests {
		if got := CanMove(tt.from, tt.to); got != tt.ok {
			t.Errorf("CanMove(%s, %s) = %v, want %v", tt.from, tt.to, got, tt.ok)
		}
	}
	for _, st := range Statuses {
		if st.Final() != (len(next[st]) == 0) {
			t.Errorf("%s: Final disagrees with the moves table", st)
		}
	}
}
