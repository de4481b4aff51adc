package config

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

func TestSecretNeverPrints(t *testing.T) {
	t.Parallel()
	s := Secret("hunter2")
	j, err := json.Marshal(struct{ S Secret }{s})
	require.NoError(t, err)
	var logged strings.Builder
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("x", "dsn", s)
	slog.New(slog.NewTextHandler(&logged, nil)).Info("x", "dsn", s)

	tests := []struct{ name, got string }{
		{"String", s.String()},
		{"%v", fmt.Sprintf("%v", s)},
		{"%s", fmt.Sprintf("%s", s)},
		{"%q", fmt.Sprintf("%q", s)},
		{"%#v", fmt.Sprintf("%#v", s)},
		{"%+v struct", fmt.Sprintf("%+v", PostgresOptions{DSN: s})},
		{"json", string(j)},
		{"slog", logged.String()},
	}
	for _, tt := range tests {
		assert.NotContains(t, tt.got, "hunter2", tt.name)
		assert.Contains(t, tt.got, "[redacted]", tt.name)
	}
	assert.Equal(t, "hunter2", s.Reveal())
	assert.Empty(t, Secret("").String())
}

func TestRedacted(t *testing.T) {
	t.Parallel()
	storeFile := writeFile(t, "store", "postgres://latch:store-pw@db/latch\n")
	c, err := load(t, full+"store_file: "+storeFile+"\n", nil)
	require.NoError(t, err)

	out, err := c.Redacted()
	require.NoError(t, err)
	s := string(out)
	assert.NotContains(t, s, "store-pw")
	assert.NotContains(t, s, "hunter2")
	assert.Contains(t, s, "store: '[redacted]'")
	assert.Contains(t, s, "store_file: "+storeFile)
	assert.Contains(t, s, "dsn: '[redacted]'")
	assert.Contains(t, s, "max_duration: 30d")
	assert.NotContains(t, s, "command: null")

	var back Config
	require.NoError(t, yaml.Unmarshal(out, &back), "the output reads back as configuration")
	again, err := back.Redacted()
	require.NoError(t, err)
	assert.Equal(t, s, string(again))
}

func TestDurationYAML(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want time.Duration
		out  string
	}{
		{"90s", 90 * time.Second, "1m30s"},
		{"15m", 15 * time.Minute, "15m"},
		{"2h", 2 * time.Hour, "2h"},
		{"1d", 24 * time.Hour, "1d"},
		{"1w", 7 * 24 * time.Hour, "1w"},
	}
	for _, tt := range tests {
		var d Duration
		require.NoError(t, yaml.Unmarshal([]byte(tt.in), &d), tt.in)
		assert.Equal(t, Duration(tt.want), d, tt.in)
		out, err := yaml.Marshal(d)
		require.NoError(t, err)
		assert.Equal(t, tt.out+"\n", string(out), tt.in)
	}
}
