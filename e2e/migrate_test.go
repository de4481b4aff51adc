package e2e

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

// latch migrate brings a store up to date; serve --no-migrate refuses one
// that is behind, and serve refuses one that a newer latch migrated.
func TestMigrateAndSchemaChecks(t *testing.T) {
	t.Parallel()
	in := newInstance(t, commandYAML, map[string]string{})

	_, stderr, code := in.run(nil, "serve", "--config", in.config, "--no-migrate")
	if code == 0 || !strings.Contains(stderr, "latch migrate") {
		t.Fatalf("serve --no-migrate on an empty store: exit %d, %q; want a refusal "+
			"naming latch migrate", code, stderr)
	}
	out, stderr, code := in.run(nil, "migrate", "--config", in.config)
	if code != 0 || !strings.Contains(out, "migrated from version 0") {
		t.Fatalf("migrate: exit %d, %q %q", code, out, stderr)
	}
	out, _, _ = in.run(nil, "migrate", "--config", in.config)
	if !strings.Contains(out, "up to date") {
		t.Errorf("second migrate: %q, want up to date", out)
	}

	db, err := sql.Open("sqlite", filepath.Join(in.dir, "latch.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, err = db.Exec(`INSERT INTO goose_db_version (version_id, is_applied)
SELECT MAX(version_id) + 1, 1 FROM goose_db_version`)
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"serve", "--config", in.config},
		{"serve", "--config", in.config, "--no-migrate"},
		{"migrate", "--config", in.config},
	} {
		_, stderr, code := in.run(nil, args...)
		if code == 0 || !strings.Contains(stderr, "newer than this latch") {
			t.Errorf("latch %s on a newer schema: exit %d, %q; want a refusal",
				strings.Join(args, " "), code, stderr)
		}
	}
}
