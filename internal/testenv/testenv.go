// Package testenv finds the outside services latch's tests need: PostgreSQL
// and Chromium. A test that needs one skips when it is absent, unless
// LATCH_TEST_REQUIRE names it (as CI does), and then it fails.
package testenv

import (
	"context"
	"database/sql"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
)

// DefaultPostgresURL is the local test server; LATCH_TEST_POSTGRES_URL
// overrides it.
const DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// Required reports whether LATCH_TEST_REQUIRE names what.
func Required(what string) bool {
	return slices.Contains(strings.Split(os.Getenv("LATCH_TEST_REQUIRE"), ","), what)
}

func missing(t testing.TB, what, why string) {
	t.Helper()
	if Required(what) {
		t.Fatalf("%s is required (LATCH_TEST_REQUIRE) but unavailable: %s", what, why)
	}
	t.Skipf("%s unavailable: %s", what, why)
}

// PostgresURL returns the test server's URL, or skips (or fails) the test
// when no server answers.
func PostgresURL(t testing.TB) string {
	t.Helper()
	url := os.Getenv("LATCH_TEST_POSTGRES_URL")
	if url == "" {
		url = DefaultPostgresURL
	}
	db, err := sql.Open("pgx", url)
	if err != nil {
		missing(t, "postgres", err.Error())
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		missing(t, "postgres", err.Error())
	}
	return url
}

// Chromium returns the path of a Chromium binary, or skips (or fails).
func Chromium(t testing.TB) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	missing(t, "chromium", "no chromium on PATH")
	return ""
}
