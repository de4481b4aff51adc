package web_test

import (
	"context"
	"net/url"
	"slices"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// TestStatusFilterPicksSeveral checks that the list's status filter takes
// several statuses from the address, shows them checked, and carries them
// into the export link, whether written repeated or comma-separated.
func TestStatusFilterPicksSeveral(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	pending := b.create("alice", "demo/shell", "stays pending")
	denied := b.create("alice", "demo/shell", "to deny")
	canceled := b.create("alice", "demo/logs", "to cancel")
	svc := b.srv.Service()
	if _, err := svc.Deny(ctx, b.actor("bob"), denied.ID, "no"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Cancel(ctx, b.actor("alice"), canceled.ID); err != nil {
		t.Fatal(err)
	}
	c := b.client("bob")

	for _, q := range []string{"status=pending&status=denied", "status=pending,denied"} {
		_, body := b.get(c, "/?"+q)
		doc := parse(t, body)
		var rows []string
		doc.Find("tr[data-id]").Each(func(_ int, s *goquery.Selection) {
			id, _ := s.Attr("data-id")
			rows = append(rows, id)
		})
		if want := []string{denied.ID, pending.ID}; !slices.Equal(rows, want) {
			t.Errorf("%s: rows %v, want %v", q, rows, want)
		}
		var checked []string
		doc.Find("input[name=status]:checked").Each(func(_ int, s *goquery.Selection) {
			v, _ := s.Attr("value")
			checked = append(checked, v)
		})
		if !slices.Equal(checked, []string{"pending", "denied"}) {
			t.Errorf("%s: checked %v", q, checked)
		}
		if s := doc.Find(".picker summary").Text(); s != "2 statuses" {
			t.Errorf("%s: picker says %q", q, s)
		}
		href, _ := doc.Find(`a[href^="/export.tsv"]`).Attr("href")
		u, _ := url.Parse(href)
		if got := u.Query().Get("status"); got != "pending,denied" {
			t.Errorf("%s: export link has status %q", q, got)
		}
		row, _ := doc.Find(`tr[data-id="` + pending.ID + `"] a.row-link`).Attr("href")
		u, _ = url.Parse(row)
		if got := u.Query()["status"]; len(got) == 0 {
			t.Errorf("%s: row link %q lost the status filter", q, row)
		}
	}
}
