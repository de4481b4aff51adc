package duration

import (
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    time.Duration
		wantErr bool
	}{
		{"90s", 90 * time.Second, false},
		{"15m", 15 * time.Minute, false},
		{"2h", 2 * time.Hour, false},
		{"1d", 24 * time.Hour, false},
		{"1w", 7 * 24 * time.Hour, false},
		{"1d12h", 36 * time.Hour, false},
		{"1w2d", 9 * 24 * time.Hour, false},
		{"2h30m", 150 * time.Minute, false},
		{" 5m ", 5 * time.Minute, false},
		{"", 0, true},
		{"0s", 0, true},
		{"-1h", 0, true},
		{"1", 0, true},
		{"d", 0, true},
		{"1y", 0, true},
		{"1d-1h", 0, true},
		{"abc", 0, true},
		{"500ms", 500 * time.Millisecond, false},
		{"+1h", 0, true},
		{"1 h", 0, true},
		{"99999999w", 0, true},
		{"1.5h", 90 * time.Minute, false},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("Parse(%q) error = %v, wantErr %v", tt.in, err, tt.wantErr)
			continue
		}
		if got != tt.want {
			t.Errorf("Parse(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestFormat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   time.Duration
		want string
	}{
		{90 * time.Second, "1m30s"},
		{5 * time.Minute, "5m"},
		{2 * time.Hour, "2h"},
		{24 * time.Hour, "1d"},
		{7 * 24 * time.Hour, "1w"},
		{30 * 24 * time.Hour, "30d"},
		{14 * 24 * time.Hour, "2w"},
		{36 * time.Hour, "1d12h"},
		{3 * time.Second, "3s"},
	}
	for _, tt := range tests {
		if got := Format(tt.in); got != tt.want {
			t.Errorf("Format(%v) = %q, want %q", tt.in, got, tt.want)
		}
		back, err := Parse(tt.want)
		if err != nil || back != tt.in {
			t.Errorf("Parse(Format(%v)) = %v, %v", tt.in, back, err)
		}
	}
}
