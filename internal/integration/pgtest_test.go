package integration

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"
)

// defaultTestPostgresURL is the local test server: user postgres, trust auth.
const defaultTestPostgresURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// testPostgresURL is LATCH_TEST_POSTGRES_URL or the local default.
func testPostgresURL() string {
	if url := os.Getenv("LATCH_TEST_POSTGRES_URL"); url != "" {
		return url
	}
	return defaultTestPostgresURL
}

// pingPostgres tries the test server once per test binary.
var pingPostgres = sync.OnceValue(func() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, testPostgresURL())
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	return conn.Ping(ctx)
})

// required reports whether LATCH_TEST_REQUIRE names what.
func required(what string) bool {
	names := strings.Split(os.Getenv("LATCH_TEST_REQUIRE"), ",")
	for i := range names {
		names[i] = strings.TrimSpace(names[i])
	}
	return slices.Contains(names, what)
}

// RequirePostgres returns the test server's URL. It skips the test when the
// server cannot be reached, or fails it when LATCH_TEST_REQUIRE names
// "postgres".
func RequirePostgres(t testing.TB) string {
	t.Helper()
	if err := pingPostgres(); err != nil {
		if required("postgres") {
			t.Fatalf("postgres is required but unreachable: %v", err)
		}
		t.Skipf("postgres unreachable, skipping: %v", err)
	}
	return testPostgresURL()
}

// AdminConn connects to the test server as its administrator and closes the
// connection when the test ends.
func AdminConn(t testing.TB) *pgx.Conn {
	t.Helper()
	url := RequirePostgres(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, url)
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close(context.Background()) })
	return conn
}

// CreateRole creates a role named prefix plus a random suffix and drops it
// when the test ends. login makes it a user that can log in.
func CreateRole(t testing.TB, admin *pgx.Conn, prefix string, login bool) string {
	t.Helper()
	name := prefix + randomSuffix(t)
	sql := "CREATE ROLE " + quote(name)
	if login {
		sql += " LOGIN"
	}
	_, err := admin.Exec(t.Context(), sql)
	require.NoError(t, err)

	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_, err := admin.Exec(ctx, "DROP ROLE IF EXISTS "+quote(name))
		if err != nil {
			t.Errorf("drop role %q: %v", name, err)
		}
	})
	return name
}

func randomSuffix(t testing.TB) string {
	t.Helper()
	b := make([]byte, 6)
	_, err := rand.Read(b)
	require.NoError(t, err)
	return hex.EncodeToString(b)
}
