package config

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoadAppliesDefaults(t *testing.T) {
	t.Parallel()
	c := mustLoad(t, full)

	assert.Equal(t, "127.0.0.1:8080", c.Listen)
	assert.Equal(t, Secret("sqlite:./latch.db"), c.Store)
	assert.Equal(t, "alice@example.com", c.Directory.Users[0].Email, "emails are lower-cased")
	a := c.Approvals
	assert.Equal(t, []Duration{
		Duration(5 * time.Minute), Duration(time.Hour), Duration(24 * time.Hour),
		Duration(7 * 24 * time.Hour), Duration(30 * 24 * time.Hour),
	}, a.ExpiryOptions)
	assert.Equal(t, Duration(30*24*time.Hour), a.MaxDuration)
	assert.Equal(t, Duration(24*time.Hour), a.ApprovableWindow)
	assert.False(t, a.AllowOneParty)
	assert.False(t, a.RequireReason)
	for _, in := range c.Integrations {
		assert.Equal(t, Duration(30*time.Second), in.Timeout, in.Name)
	}
	assert.Equal(t, "local_part", c.Integrations[0].Postgres.User)
	assert.Equal(t, Jobs{
		MaxAttempts: 8, RetryBase: Duration(time.Second), RetryMax: Duration(5 * time.Minute),
	}, c.Jobs)
}

func TestLoadKeepsGivenValues(t *testing.T) {
	t.Parallel()
	c := mustLoad(t, minimal+`
  require_reason: true
  allow_one_party: true
  max_duration: 2d
  approvable_window: 90m
listen: 0.0.0.0:9000
store: sqlite:/var/lib/latch/latch.db
jobs:
  max_attempts: 3
  retry_base: 2s
  retry_max: 1h
`)

	assert.Equal(t, "0.0.0.0:9000", c.Listen)
	assert.Equal(t, Secret("sqlite:/var/lib/latch/latch.db"), c.Store)
	assert.True(t, c.Approvals.RequireReason)
	assert.True(t, c.Approvals.AllowOneParty)
	assert.Equal(t, Duration(48*time.Hour), c.Approvals.MaxDuration)
	assert.Equal(t, Duration(90*time.Minute), c.Approvals.ApprovableWindow)
	assert.Equal(t, Jobs{3, Duration(2 * time.Second), Duration(time.Hour)}, c.Jobs)
}

func TestLoadDefaultExpiryOptionsFitMaxDuration(t *testing.T) {
	t.Parallel()
	tests := []struct {
		max  string
		want []string
	}{
		{"1w", []string{"5m", "1h", "1d", "1w"}},
		{"2h", []string{"5m", "1h"}},
		{"1m", []string{"1m"}},
	}
	for _, tt := range tests {
		t.Run(tt.max, func(t *testing.T) {
			t.Parallel()
			c := mustLoad(t, minimal+"  max_duration: "+tt.max+"\n")
			var got []string
			for _, d := range c.Approvals.ExpiryOptions {
				got = append(got, d.String())
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestLoadDecodeErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		yml  string
		want []string
	}{
		{
			name: "misspelt top-level field",
			yml:  "lisen: 127.0.0.1:8080\n" + minimal,
			want: []string{`line 1: unknown field "lisen": did you mean "listen"?`},
		},
		{
			name: "misspelt nested field",
			yml:  minimal + "  require_reasons: true\n",
			want: []string{`line 11: unknown field "require_reasons": did you mean "require_reason"?`},
		},
		{
			name: "unknown field lists the known ones",
			yml:  minimal + "jobs:\n  colour: blue\n",
			want: []string{`line 12: unknown field "colour": remove it; the fields here are ` +
				"max_attempts, retry_base, retry_max"},
		},
		{
			name: "bad duration",
			yml:  minimal + "  max_duration: 1y\n",
			want: []string{`line 11: invalid duration "1y"`},
		},
		{
			name: "every error at once",
			yml:  minimal + "  max_duration: 1y\n  approvable_window: soon\n  expiry: [1h]\n",
			want: []string{"line 11:", "line 12:", `line 13: unknown field "expiry"`},
		},
		{
			name: "duration must be a scalar",
			yml:  minimal + "  max_duration: [1d]\n",
			want: []string{"line 11: a duration must be a single value"},
		},
		{
			name: "text where a number goes",
			yml:  minimal + "jobs:\n  max_attempts: many\n",
			want: []string{`line 12: "many" is text, want a whole number`},
		},
		{
			name: "list where text goes",
			yml:  "listen: [a, b]\n" + minimal,
			want: []string{"line 1: this is a list, want text"},
		},
		{
			name: "number where a mapping goes",
			yml:  minimal + "jobs: 3\n",
			want: []string{`line 11: "3" is a number, want a mapping (key: value lines)`},
		},
		{
			name: "not YAML",
			yml:  "listen: [\n",
			want: []string{"yaml:"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := load(t, tt.yml, nil)
			require.Error(t, err)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	t.Parallel()
	path := t.TempDir() + "/nope.yaml"
	_, err := LoadWith(path, env(nil))
	require.ErrorContains(t, err, "load config "+path+":\nopen "+path)
}

func TestLoadEmptyFileReportsWhatIsMissing(t *testing.T) {
	t.Parallel()
	_, err := load(t, "", nil)
	require.ErrorContains(t, err, "approvals.approvers: no one in the directory can approve")
}

func TestLoadReportsEveryProblemOnItsOwnLine(t *testing.T) {
	t.Parallel()
	_, err := load(t, minimal+"listen: nowhere\njobs:\n  max_attempts: -1\n", nil)
	require.Error(t, err)
	assert.Regexp(t, `(?m)^listen: .*\n^jobs.max_attempts: `, err.Error())
}

func TestExampleConfig(t *testing.T) {
	t.Parallel()
	c, err := LoadWith("../../examples/latch.yaml", env(nil))
	require.NoError(t, err)

	path, ok := c.SQLitePath()
	assert.True(t, ok)
	assert.Equal(t, "./latch.db", path)
	assert.Equal(t, "127.0.0.1:8080", c.Listen)
	require.Len(t, c.Integrations, 1)
	assert.Equal(t, "demo", c.Integrations[0].Name)
	assert.Equal(t, []Access{
		{Name: "shell", Description: "Shell access to the demo host"},
		{Name: "logs", Description: "Read the demo application's logs"},
	}, c.Integrations[0].Command.Accesses)
	assert.True(t, c.Approvals.RequireReason)
	assert.Equal(t, Duration(7*24*time.Hour), c.Approvals.MaxDuration)
}

// TestExampleConfigPostgres uncomments the example's prod-db integration
// and loads it with its DSN from the environment.
func TestExampleConfigPostgres(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../../examples/latch.yaml")
	require.NoError(t, err)
	head, block, found := strings.Cut(string(b), "  # - name: prod-db")
	require.True(t, found, "the example shows a prod-db integration")
	block = strings.ReplaceAll("  # - name: prod-db"+block, "\n  # ", "\n  ")
	block = strings.Replace(block, "  # - name", "  - name", 1)

	c, err := load(t, head+block, map[string]string{
		"LATCH_INTEGRATION_PROD_DB_DSN": "postgres://granter:pw@db/prod",
	})
	require.NoError(t, err)

	require.Len(t, c.Integrations, 2)
	pg := c.Integrations[1].Postgres
	require.NotNil(t, pg)
	assert.Equal(t, Secret("postgres://granter:pw@db/prod"), pg.DSN)
	assert.Empty(t, pg.DSNFile, "the environment replaces dsn_file")
	assert.Equal(t, "local_part", pg.User)
	assert.Equal(t, "u_", pg.UserPrefix)
	assert.Equal(t, []string{"readonly", "readwrite"}, []string{pg.Roles[0].Name, pg.Roles[1].Name})
}
