package server_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

// The export keeps the reasons given with a denial and a revoke, so that an
// auditor reading it sees why, not only who.
func TestExportKeepsDecisionNotes(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOptions{})
	denied := b.create("alice", "demo/shell")
	b.do("bob", "POST", "/api/v1/requests/"+denied.ID+"/deny", `{"reason":"use staging"}`, nil)
	revoked := b.create("alice", "demo/logs")
	b.do("bob", "POST", "/api/v1/requests/"+revoked.ID+"/approve", `{"expiry":"1h"}`, nil)
	b.waitStatus(revoked.ID, "active")
	b.do("carol", "POST", "/api/v1/requests/"+revoked.ID+"/revoke", `{"reason":"done early"}`, nil)
	b.waitStatus(revoked.ID, "revoked")

	code, raw := b.do("erin", "GET", "/api/v1/export", "", nil)
	if code != http.StatusOK {
		t.Fatalf("export: %d %s", code, raw)
	}
	lines := strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n")
	header := strings.Split(lines[0], "\t")
	notes, id := slices.Index(header, "notes"), slices.Index(header, "id")
	if notes < 0 {
		t.Fatalf("no notes column in %v", header)
	}
	got := map[string]string{}
	for _, line := range lines[1:] {
		f := strings.Split(line, "\t")
		got[f[id]] = f[notes]
	}
	if n := got[denied.ID]; !strings.HasSuffix(n, " bob@example.com: denied: use staging") {
		t.Errorf("denied request's notes = %q", n)
	}
	if n := got[revoked.ID]; !strings.HasSuffix(n, " carol@example.com: revoke: done early") {
		t.Errorf("revoked request's notes = %q", n)
	}
}
