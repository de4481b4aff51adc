package integration

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/latchhq/latch/internal/config"
)

// pgBundle is one test's integration, with its own role and user.
type pgBundle struct {
	pg    *Postgres
	role  string
	user  string
	email string
	// other is a second existing role, not on the allow-list.
	other string
}

// setupPostgres creates a role and a user with random names on the test
// server and an integration allowing that role, for users prefixed "u_".
func setupPostgres(t *testing.T) pgBundle {
	t.Helper()
	admin := AdminConn(t)
	b := pgBundle{
		role:  CreateRole(t, admin, "latch_test_role_", false),
		other: CreateRole(t, admin, "latch_test_other_", false),
	}
	b.user = CreateRole(t, admin, "u_latch_test_", true)
	b.email = strings.TrimPrefix(b.user, "u_") + "@Example.com"

	opts := config.PostgresOptions{
		UserPrefix: "u_",
		Roles: []config.Access{
			{Name: b.role, Description: "test role"},
			{Name: "latch_test_missing_" + randomSuffix(t)},
		},
	}
	pg, err := NewPostgres("db", opts, testPostgresURL())
	require.NoError(t, err)
	t.Cleanup(func() { _ = pg.Close() })
	b.pg = pg
	return b
}

func (b pgBundle) grant(access string) Grant {
	return Grant{RequestID: "r-1", User: b.email, Resource: "db/" + access, Access: access}
}

func (b pgBundle) isMember(t *testing.T) bool {
	t.Helper()
	member, err := b.pg.IsMember(t.Context(), b.user, b.role)
	require.NoError(t, err)
	return member
}

func TestPostgresGrantRemove(t *testing.T) {
	t.Parallel()
	b := setupPostgres(t)
	ctx := t.Context()
	g := b.grant(b.role)
	require.False(t, b.isMember(t))

	require.NoError(t, b.pg.Grant(ctx, g))
	assert.True(t, b.isMember(t), "member after grant")

	require.NoError(t, b.pg.Grant(ctx, g), "granting twice")
	assert.True(t, b.isMember(t), "member after second grant")

	require.NoError(t, b.pg.Remove(ctx, g))
	assert.False(t, b.isMember(t), "member after remove")

	require.NoError(t, b.pg.Remove(ctx, g), "removing twice")
	assert.False(t, b.isMember(t), "member after second remove")
}

func TestPostgresRefuses(t *testing.T) {
	t.Parallel()
	b := setupPostgres(t)
	missing := b.pg.Accesses()[1].Name
	tests := []struct {
		name   string
		user   string
		access string
		want   string
	}{
		{
			name:   "role not allowed",
			user:   b.email,
			access: b.other,
			want:   `unknown access "` + b.other + `"`,
		},
		{
			name:   "hostile email",
			user:   `x";drop role postgres;--@example.com`,
			access: b.role,
			want:   "is not a plain identifier",
		},
		{
			name:   "hostile role",
			user:   b.email,
			access: `x"; drop role postgres; --`,
			want:   "unknown access",
		},
		{
			name:   "not an email",
			user:   "postgres",
			access: b.role,
			want:   `user "postgres" is not an email address`,
		},
		{
			name:   "missing user",
			user:   "nobody_" + randomSuffix(t) + "@example.com",
			access: b.role,
			want:   "does not exist",
		},
		{
			name:   "missing role",
			user:   b.email,
			access: missing,
			want:   `role "` + missing + `" does not exist`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			g := Grant{RequestID: "r-1", User: tt.user, Access: tt.access}

			grantErr := b.pg.Grant(t.Context(), g)
			removeErr := b.pg.Remove(t.Context(), g)

			require.Error(t, grantErr)
			assert.Contains(t, grantErr.Error(), tt.want)
			require.Error(t, removeErr)
			assert.Contains(t, removeErr.Error(), tt.want)
		})
	}
}

func TestPostgresMissingUserMessage(t *testing.T) {
	t.Parallel()
	b := setupPostgres(t)
	g := b.grant(b.role)
	g.User = "Nobody.Here@example.com"

	err := b.pg.Grant(t.Context(), g)

	want := `postgres grant "db/` + b.role + `": database user "u_nobody.here" does not exist`
	require.EqualError(t, err, want)
}

// TestPostgresUnreachable needs no server: it dials a closed port and a
// listener that accepts and never answers.
func TestPostgresUnreachable(t *testing.T) {
	t.Parallel()
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = silent.Close() })
	go holdConnections(t, silent)

	tests := []struct {
		name string
		addr string
	}{
		{name: "closed port", addr: "127.0.0.1:1"},
		{name: "silent server", addr: silent.Addr().String()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dsn := "postgres://latch:s3cret-pw@" + tt.addr + "/test?sslmode=disable"
			opts := config.PostgresOptions{Roles: []config.Access{{Name: "readonly"}}}
			pg, err := NewPostgres("db", opts, dsn)
			require.NoError(t, err, "construction must not connect")
			t.Cleanup(func() { _ = pg.Close() })
			ctx, cancel := context.WithTimeout(t.Context(), 500*time.Millisecond)
			defer cancel()

			start := time.Now()
			err = pg.Grant(ctx, Grant{User: "ada@example.com", Access: "readonly"})

			require.Error(t, err)
			assert.Less(t, time.Since(start), 3*time.Second)
			assert.NotContains(t, err.Error(), dsn)
			assert.NotContains(t, err.Error(), "s3cret-pw")
		})
	}
}

// holdConnections accepts connections and leaves them silent until the
// listener closes.
func holdConnections(t *testing.T, l net.Listener) {
	var conns []net.Conn
	defer func() {
		for _, c := range conns {
			_ = c.Close()
		}
	}()
	for {
		c, err := l.Accept()
		if err != nil {
			return
		}
		conns = append(conns, c)
	}
}

func TestNewPostgresErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts config.PostgresOptions
		dsn  string
		want string
	}{
		{
			name: "bad dsn",
			dsn:  "postgres://latch:s3cret-pw@[::1/test",
			want: `postgres "db": parse dsn: not a valid connection string`,
		},
		{
			name: "empty dsn",
			want: `postgres "db": no dsn configured`,
		},
		{
			name: "unknown mapping",
			opts: config.PostgresOptions{User: "uid"},
			dsn:  defaultTestPostgresURL,
			want: `postgres "db": unknown user mapping "uid": want local_part or email`,
		},
		{
			name: "bad prefix",
			opts: config.PostgresOptions{UserPrefix: `u"`},
			dsn:  defaultTestPostgresURL,
			want: `postgres "db": user prefix "u\"" is not a plain identifier`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			_, err := NewPostgres("db", tt.opts, tt.dsn)

			require.EqualError(t, err, tt.want)
		})
	}
}
