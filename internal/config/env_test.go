package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pgOnly is minimal with one postgres integration whose DSN comes from
// elsewhere; extra YAML for the postgres block is appended to it.
const pgOnly = minimal + `
integrations:
  - name: prod-db-eu
    type: postgres
    postgres:
      roles: [{name: readonly}]
`

func TestLoadSecretSources(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	storeFile := writeFileIn(t, dir, "store", "postgres://latch:s3cret@db/latch\n")
	dsnFile := writeFileIn(t, dir, "dsn", "postgres://granter:s3cret@db/prod\r\n")
	tests := []struct {
		name       string
		yml        string
		env        map[string]string
		wantListen string
		wantStore  Secret
		wantFile   string
		wantDSN    Secret
	}{
		{
			name:      "yaml values",
			yml:       pgOnly + "      dsn: postgres://yaml/prod\nstore: sqlite:yaml.db\n",
			wantStore: "sqlite:yaml.db",
			wantDSN:   "postgres://yaml/prod",
		},
		{
			name:      "yaml files, trailing newlines trimmed",
			yml:       pgOnly + "      dsn_file: " + dsnFile + "\nstore_file: " + storeFile + "\n",
			wantStore: "postgres://latch:s3cret@db/latch",
			wantFile:  storeFile,
			wantDSN:   "postgres://granter:s3cret@db/prod",
		},
		{
			name: "environment values override yaml",
			yml:  pgOnly + "      dsn_file: /missing\nstore: sqlite:yaml.db\nlisten: 127.0.0.1:1\n",
			env: map[string]string{
				"LATCH_LISTEN":                     "0.0.0.0:2",
				"LATCH_STORE":                      "sqlite:env.db",
				"LATCH_INTEGRATION_PROD_DB_EU_DSN": "postgres://env/prod",
			},
			wantListen: "0.0.0.0:2",
			wantStore:  "sqlite:env.db",
			wantDSN:    "postgres://env/prod",
		},
		{
			name: "environment files override yaml",
			yml:  pgOnly + "      dsn: postgres://yaml/prod\nstore: sqlite:yaml.db\n",
			env: map[string]string{
				"LATCH_STORE_FILE":                      storeFile,
				"LATCH_INTEGRATION_PROD_DB_EU_DSN_FILE": dsnFile,
			},
			wantStore: "postgres://latch:s3cret@db/latch",
			wantFile:  storeFile,
			wantDSN:   "postgres://granter:s3cret@db/prod",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := load(t, tt.yml, tt.env)
			require.NoError(t, err)
			if tt.wantListen != "" {
				assert.Equal(t, tt.wantListen, c.Listen)
			}
			assert.Equal(t, tt.wantStore, c.Store)
			assert.Equal(t, tt.wantFile, c.StoreFile)
			assert.Equal(t, tt.wantDSN, c.Integrations[0].Postgres.DSN)
		})
	}
}

func TestLoadSecretSourceErrors(t *testing.T) {
	t.Parallel()
	empty := writeFile(t, "empty", "\n")
	tests := []struct {
		name string
		yml  string
		env  map[string]string
		want string
	}{
		{
			name: "store and store_file",
			yml:  minimal + "store: sqlite:x.db\nstore_file: /run/secrets/store\n",
			want: "store: store and store_file are both set: keep only one",
		},
		{
			name: "dsn and dsn_file",
			yml:  pgOnly + "      dsn: postgres://x\n      dsn_file: /run/secrets/dsn\n",
			want: "integrations[0].postgres.dsn: dsn and dsn_file are both set: keep only one",
		},
		{
			name: "LATCH_STORE and LATCH_STORE_FILE",
			yml:  minimal,
			env:  map[string]string{"LATCH_STORE": "sqlite:x.db", "LATCH_STORE_FILE": "/x"},
			want: "LATCH_STORE: both LATCH_STORE and LATCH_STORE_FILE are set",
		},
		{
			name: "DSN and DSN_FILE",
			yml:  pgOnly,
			env: map[string]string{
				"LATCH_INTEGRATION_PROD_DB_EU_DSN":      "postgres://x",
				"LATCH_INTEGRATION_PROD_DB_EU_DSN_FILE": "/x",
			},
			want: "LATCH_INTEGRATION_PROD_DB_EU_DSN: both LATCH_INTEGRATION_PROD_DB_EU_DSN and " +
				"LATCH_INTEGRATION_PROD_DB_EU_DSN_FILE are set",
		},
		{
			name: "missing store_file",
			yml:  minimal + "store_file: /nonexistent/store\n",
			want: "store_file: open /nonexistent/store: no such file or directory",
		},
		{
			name: "missing DSN_FILE",
			yml:  pgOnly,
			env:  map[string]string{"LATCH_INTEGRATION_PROD_DB_EU_DSN_FILE": "/nonexistent/dsn"},
			want: "LATCH_INTEGRATION_PROD_DB_EU_DSN_FILE: open /nonexistent/dsn",
		},
		{
			name: "empty file",
			yml:  minimal + "store_file: " + empty + "\n",
			want: "store_file: file " + empty + " is empty",
		},
		{
			name: "no DSN anywhere",
			yml:  pgOnly,
			want: "integrations[0].postgres.dsn: required",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := load(t, tt.yml, tt.env)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestEnvName(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"prod-db", "PROD_DB"},
		{"db2", "DB2"},
		{"a.b-c", "A_B_C"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, envName(tt.in), tt.in)
	}
}
