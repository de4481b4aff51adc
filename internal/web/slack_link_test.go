package web_test

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/latchhq/latch/internal/export"
	"github.com/latchhq/latch/internal/store"
)

// TestSlackLink checks that a request posted to Slack links to its message
// from the list, the drawer and the export, and one never posted from none.
func TestSlackLink(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	posted := b.create("alice", "demo/shell", "posted to slack")
	quiet := b.create("alice", "demo/logs", "never posted")
	const link = "https://example.slack.com/archives/C0APPROVALS/p1700000000000001"
	err := b.srv.Store().InTx(ctx, func(tx *store.Tx) error {
		return tx.SaveSlackMessage(ctx, store.SlackMessage{RequestID: posted.ID,
			Channel: "C0APPROVALS", TS: "1700000000.000001", Permalink: link, PostedAt: time.Now()})
	})
	if err != nil {
		t.Fatal(err)
	}
	c := b.client("erin")

	_, body := b.get(c, "/")
	doc := parse(t, body)
	for id, want := range map[string]string{posted.ID: link, quiet.ID: ""} {
		row := doc.Find(`tr[data-id="` + id + `"]`)
		if row.Length() != 1 {
			t.Fatalf("no row for %s", id)
		}
		got, _ := row.Find("td.slack a").Attr("href")
		if got != want {
			t.Errorf("row %s links to Slack %q, want %q", id, got, want)
		}
	}

	for id, want := range map[string]string{posted.ID: link, quiet.ID: ""} {
		_, body := b.get(c, "/requests/"+id)
		got, _ := parse(t, body).Find(`#drawer a[href^="https://example.slack.com/"]`).Attr("href")
		if got != want {
			t.Errorf("drawer of %s links to Slack %q, want %q", id, got, want)
		}
	}

	_, tsv := b.get(c, "/export.tsv")
	rd := export.NewReader(strings.NewReader(tsv))
	header, _ := rd.Read()
	col := map[string]int{}
	for i, c := range header {
		col[c] = i
	}
	got := map[string]string{}
	for {
		row, err := rd.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got[row[col["id"]]] = row[col["slack_link"]]
	}
	if got[posted.ID] != link || got[quiet.ID] != "" || len(got) != 2 {
		t.Errorf("export's slack_link column: %v", got)
	}
}

// parse reads an HTML page for selectors.
func parse(t *testing.T, body string) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}
