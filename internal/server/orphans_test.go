package server_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A grant or removal whose job gave up without recording anything (the
// store was down through every attempt) is taken up again by the sweep;
// one whose job is still to run is left to it.
func TestOrphansAreTakenUpAgain(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOptions{orphanAfter: time.Second, maxAttempts: 30})
	past := time.Now().Add(-time.Hour).UnixMicro()
	forget := func(id, status, kind string) {
		b.t.Helper()
		// What a job that gave up leaves: the request in its working
		// status, and the job no longer to run.
		if _, err := b.srv.Store().DB().Exec(`UPDATE requests SET status = $1, version =
version + 1, updated_at = $2 WHERE id = $3`, status, past, id); err != nil {
			t.Fatal(err)
		}
		if _, err := b.srv.Store().DB().Exec(`UPDATE river_job SET state = 'discarded',
finalized_at = CURRENT_TIMESTAMP
WHERE kind = $1 AND state <> 'completed'`, kind); err != nil {
			t.Fatal(err)
		}
	}

	// Being removed (revoked), its removal job gone. Its expire job, due in
	// an hour, does not count: it would leave a revoked grant alone.
	revoked := b.create("alice", "demo/shell")
	b.do("bob", "POST", "/api/v1/requests/"+revoked.ID+"/approve", `{"expiry":"1h"}`, nil)
	b.waitStatus(revoked.ID, "active")
	b.srv.Store().DB().Exec("UPDATE requests SET end_reason = 'revoke', ended_by = "+
		"'dave@example.com' WHERE id = $1", revoked.ID)
	forget(revoked.ID, "revoking", "remove")
	got := b.waitStatus(revoked.ID, "revoked")
	if k := strings.Join(kinds(got), " "); !strings.HasSuffix(k, "removal_failed revoked") {
		t.Errorf("history %s, want the job given up noted, then revoked", k)
	}

	// Being granted, its provisioning job gone.
	granted := b.create("alice", "demo/logs")
	b.srv.Store().DB().Exec(`UPDATE requests SET approved_by = 'bob@example.com',
approved_at = $1, approved_duration_ms = 3600000 WHERE id = $2`, past, granted.ID)
	forget(granted.ID, "approved", "provision")
	got = b.waitStatus(granted.ID, "active")
	if k := strings.Join(kinds(got), " "); !strings.HasSuffix(k, "grant_failed granted") {
		t.Errorf("history %s, want the job given up noted, then granted", k)
	}

	// Being removed by jobs still running: a removal retrying, and a
	// batch of ended grants that takes its time. Neither is touched.
	os.WriteFile(filepath.Join(b.dir, "remove-fails"), nil, 0o644)
	retrying := b.create("alice", "demo/shell")
	b.do("bob", "POST", "/api/v1/requests/"+retrying.ID+"/approve", `{"expiry":"1h"}`, nil)
	b.waitStatus(retrying.ID, "active")
	b.do("dave", "POST", "/api/v1/requests/"+retrying.ID+"/revoke", `{"reason":"done"}`, nil)
	b.waitStatus(retrying.ID, "revoking")
	b.srv.Store().DB().Exec("UPDATE requests SET updated_at = $1 WHERE id = $2", past,
		retrying.ID)
	time.Sleep(1500 * time.Millisecond)
	os.Remove(filepath.Join(b.dir, "remove-fails"))

	os.WriteFile(filepath.Join(b.dir, "remove-slow"), []byte("2"), 0o644)
	batch := b.create("alice", "demo/shell")
	b.do("bob", "POST", "/api/v1/requests/"+batch.ID+"/approve", `{"expiry":"1h"}`, nil)
	b.waitStatus(batch.ID, "active")
	b.srv.Store().DB().Exec("UPDATE requests SET ends_at = $1 WHERE id = $2",
		time.Now().UnixMicro(), batch.ID)
	b.waitStatus(batch.ID, "revoking")
	// Its own expire job, due in an hour, holds it too: end that, so that
	// only the batch job does.
	b.srv.Store().DB().Exec(`UPDATE river_job SET state = 'cancelled',
finalized_at = CURRENT_TIMESTAMP WHERE kind = 'expire'`)
	b.srv.Store().DB().Exec("UPDATE requests SET updated_at = $1 WHERE id = $2", past,
		batch.ID)
	b.waitStatus(batch.ID, "expired")
	b.waitStatus(retrying.ID, "revoked")
	for _, id := range []string{retrying.ID, batch.ID} {
		if n := b.count("SELECT COUNT(*) FROM events WHERE request_id = $1 AND message "+
			"LIKE '%gave up%'", id); n != 0 {
			t.Errorf("%s, whose job was still to run, was taken up again", id)
		}
	}
	b.removedOnce(revoked.ID, retrying.ID, batch.ID)
}
