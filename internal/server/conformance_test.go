package server_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/latchhq/latch/internal/testenv"
)

// conformance lists the tests that must pass on every store. They run on
// SQLite under their own names, and again on PostgreSQL under TestPostgres.
var conformance = []struct {
	name string
	test func(*testing.T)
}{
	{"GrantAndExpiry", TestGrantAndExpiry},
	{"SelfApproval", TestSelfApproval},
	{"ConcurrentApprovals", TestConcurrentApprovals},
	{"Ends", TestEnds},
	{"PendingTimesOut", TestPendingTimesOut},
	{"FailingRemovalErrors", TestFailingRemovalErrors},
	{"BadInputChangesNothing", TestBadInputChangesNothing},
	{"ListAndPagination", TestListAndPagination},
	{"PluginsHearEveryEvent", TestPluginsHearEveryEvent},
	{"Operations", TestOperations},
	{"ManyGrantsEndingTogether", TestManyGrantsEndingTogether},
	{"BatchRemovalFailureErrors", TestBatchRemovalFailureErrors},
	{"RevokeRacingExpiryRemovesOnce", TestRevokeRacingExpiryRemovesOnce},
	{"SlowBatchRemovalContinues", TestSlowBatchRemovalContinues},
	{"OrphansAreTakenUpAgain", TestOrphansAreTakenUpAgain},
	{"BatchRemovalSurvivesAStoreStall", TestBatchRemovalSurvivesAStoreStall},
}

// TestPostgres runs the conformance tests on PostgreSQL, each in a schema of
// its own.
func TestPostgres(t *testing.T) {
	t.Parallel()
	testenv.PostgresURL(t)
	for _, c := range conformance {
		t.Run(c.name, c.test)
	}
}

// storeURL is the store for a test's latch: a fresh PostgreSQL schema for
// the tests under TestPostgres, a SQLite file in dir for the others.
func storeURL(t *testing.T, dir string) string {
	if strings.HasPrefix(t.Name(), "TestPostgres/") {
		return testenv.PostgresSchema(t)
	}
	return "sqlite:" + filepath.Join(dir, "latch.db")
}
