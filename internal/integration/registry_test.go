package integration

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/latchhq/latch/internal/config"
)

// fake is an integration that does nothing.
type fake struct {
	name     string
	accesses []Access
	closed   bool
}

func (f *fake) Name() string                              { return f.name }
func (f *fake) Type() string                              { return "fake" }
func (f *fake) Accesses() []Access                        { return f.accesses }
func (f *fake) Grant(ctx context.Context, _ Grant) error  { return nil }
func (f *fake) Remove(ctx context.Context, _ Grant) error { return nil }
func (f *fake) Close() error                              { f.closed = true; return nil }

func testRegistry() *Registry {
	return New(
		&fake{name: "db", accesses: []Access{{Name: "readonly"}, {Name: "readwrite"}}},
		&fake{name: "demo", accesses: []Access{{Name: "shell", Description: "a shell"}}},
	)
}

func TestRegistryResolve(t *testing.T) {
	t.Parallel()
	r := testRegistry()
	tests := []struct {
		resource    string
		integration string
		access      string
		err         string
	}{
		{resource: "db/readonly", integration: "db", access: "readonly"},
		{resource: "demo/shell", integration: "demo", access: "shell"},
		{
			resource: "x/y",
			err:      `unknown resource "x/y": run "latch resources" to list what may be requested`,
		},
		{
			resource: "db/admin",
			err:      `unknown resource "db/admin": integration "db" offers readonly, readwrite`,
		},
		{
			resource: "db/readonly/x",
			err:      `unknown resource "db/readonly/x": integration "db" offers readonly, readwrite`,
		},
		{
			resource: "dbreadonly",
			err:      `unknown resource "dbreadonly": want INTEGRATION/ACCESS, for example db/readonly`,
		},
		{resource: "/readonly", err: "want INTEGRATION/ACCESS"},
		{resource: "db/", err: "want INTEGRATION/ACCESS"},
		{resource: "", err: "want INTEGRATION/ACCESS"},
		{resource: "DB/readonly", err: `run "latch resources"`},
	}
	for _, tt := range tests {
		t.Run(tt.resource, func(t *testing.T) {
			t.Parallel()

			in, access, err := r.Resolve(tt.resource)

			if tt.err != "" {
				require.ErrorContains(t, err, tt.err)
				assert.True(t, errors.Is(err, ErrUnknownResource))
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.integration, in.Name())
			assert.Equal(t, tt.access, access)
		})
	}
}

func TestRegistryResources(t *testing.T) {
	t.Parallel()
	r := testRegistry()

	got := r.Resources()

	want := []ResourceInfo{
		{Resource: "db/readonly", Integration: "db", Type: "fake", Access: "readonly"},
		{Resource: "db/readwrite", Integration: "db", Type: "fake", Access: "readwrite"},
		{
			Resource: "demo/shell", Integration: "demo", Type: "fake", Access: "shell",
			Description: "a shell",
		},
	}
	assert.Equal(t, want, got)
}

func TestRegistryGetClose(t *testing.T) {
	t.Parallel()
	db := &fake{name: "db"}
	r := New(db)

	got, ok := r.Get("db")
	_, missing := r.Get("nope")
	require.NoError(t, r.Close())

	assert.True(t, ok)
	assert.Same(t, db, got)
	assert.False(t, missing)
	assert.True(t, db.closed)
}

func TestFromConfig(t *testing.T) {
	t.Parallel()
	cfg := []config.Integration{
		{
			Name: "db",
			Type: "postgres",
			// Nothing listens on port 1; building must not connect.
			Timeout: config.Duration(5 * time.Second),
			Postgres: &config.PostgresOptions{
				DSN:   "postgres://latch@127.0.0.1:1/db",
				Roles: []config.Access{{Name: "readonly"}},
			},
		},
		{
			Name:    "demo",
			Type:    "command",
			Command: &config.CommandOptions{Accesses: []config.Access{{Name: "shell"}}},
		},
	}

	r, err := FromConfig(cfg)

	require.NoError(t, err)
	t.Cleanup(func() { _ = r.Close() })
	pg, ok := r.Get("db")
	require.True(t, ok)
	assert.Equal(t, 5*time.Second, pg.(*Postgres).timeout)
	cmd, ok := r.Get("demo")
	require.True(t, ok)
	assert.Equal(t, defaultTimeout, cmd.(*Command).timeout)
	assert.Len(t, r.Resources(), 2)
}

func TestFromConfigErrors(t *testing.T) {
	t.Parallel()
	shell := &config.CommandOptions{Accesses: []config.Access{{Name: "shell"}}}
	tests := []struct {
		name string
		cfg  []config.Integration
		want string
	}{
		{
			name: "unknown type",
			cfg:  []config.Integration{{Name: "x", Type: "ldap"}},
			want: `integration "x": unknown type "ldap": want postgres or command`,
		},
		{
			name: "no options",
			cfg:  []config.Integration{{Name: "x", Type: "postgres"}},
			want: `integration "x": no postgres options`,
		},
		{
			name: "twice",
			cfg: []config.Integration{
				{Name: "x", Type: "command", Command: shell},
				{Name: "x", Type: "command", Command: shell},
			},
			want: `integration "x" configured twice`,
		},
		{
			name: "slash in name",
			cfg:  []config.Integration{{Name: "a/b", Type: "command", Command: shell}},
			want: `integration name "a/b": want a non-empty name without a slash`,
		},
		{
			name: "access twice",
			cfg: []config.Integration{{Name: "x", Type: "command", Command: &config.CommandOptions{
				Accesses: []config.Access{{Name: "shell"}, {Name: "shell"}},
			}}},
			want: `integration "x": access "shell" listed twice`,
		},
		{
			name: "secret kept out",
			cfg: []config.Integration{{Name: "x", Type: "postgres", Postgres: &config.PostgresOptions{
				DSN: "postgres://u:s3cret-pw@[::1/db",
			}}},
			want: `postgres "x": parse dsn: not a valid connection string`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			r, err := FromConfig(tt.cfg)

			assert.Nil(t, r)
			require.EqualError(t, err, tt.want)
		})
	}
}
