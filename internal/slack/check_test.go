package slack_test

import (
	"context"
	"slices"
	"testing"

	"github.com/latchhq/latch/internal/slack"
)

// An approver the workspace does not know is reported, not skipped.
func TestApproversWithoutSlack(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOptions{})
	missing, err := slack.ApproversWithoutSlack(context.Background(),
		b.srv.Service().Config(), slack.Options{APIURL: b.slack.URL()})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(missing, []string{"nobody@example.com"}) {
		t.Errorf("missing = %v, want only nobody@example.com", missing)
	}
}
