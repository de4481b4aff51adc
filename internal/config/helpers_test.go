package config

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// minimal is the smallest valid configuration: everything else defaults.
const minimal = `
directory:
  users:
    - email: Alice@Example.com
      groups: [engineering]
    - email: bob@example.com
      groups: [sre]
approvals:
  approvers:
    groups: [sre]
`

// full sets one integration of each type.
const full = minimal + `
integrations:
  - name: prod-db
    type: postgres
    postgres:
      dsn: postgres://granter:hunter2@db/prod
      roles:
        - name: readonly
  - name: web
    type: command
    command:
      grant: [/usr/local/bin/grant, --user]
      remove: [revoke]
      accesses:
        - name: shell
`

// writeFile writes content to name in a fresh temporary directory and
// returns its path.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	return writeFileIn(t, t.TempDir(), name, content)
}

// writeFileIn writes content to name in dir and returns its path.
func writeFileIn(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
	return path
}

// env returns a getenv that knows only vars.
func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// load loads yml with the environment vars.
func load(t *testing.T, yml string, vars map[string]string) (*Config, error) {
	t.Helper()
	return LoadWith(writeFile(t, "latch.yaml", yml), env(vars))
}

// mustLoad loads yml with an empty environment and fails on any error.
func mustLoad(t *testing.T, yml string) *Config {
	t.Helper()
	c, err := load(t, yml, nil)
	require.NoError(t, err)
	return c
}
