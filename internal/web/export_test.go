package web_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/latchhq/latch/internal/cli"
	"github.com/latchhq/latch/internal/export"
)

// awkwardReasons are reasons that break naive TSV.
var awkwardReasons = []string{
	"tab\there", "two\nlines\r\nand CRLF", `back\slash \t`, `"quoted"`, "=cmd|' /C calc'!A0",
	"+1", "-1", "@SUM(A1)", "Grüße aus 東京 🚀", "'apostrophe",
}

// TestExportSameEverywhere exports through the dashboard, the API and the
// command line, and checks that all three give the same bytes, that every
// request is one line, and that values read back exactly.
func TestExportSameEverywhere(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	ids := map[string]string{}
	for _, reason := range awkwardReasons {
		r := b.create("alice", "demo/shell", reason)
		ids[r.ID] = reason
		if _, err := b.srv.Service().Comment(ctx, b.actor("bob"), r.ID, "seen:\t"+reason); err != nil {
			t.Fatal(err)
		}
	}
	other := b.create("carol", "demo/logs", "other resource")

	query := "?resource=demo%2Fshell"
	_, web := b.get(b.client("erin"), "/export.tsv"+query)

	req, _ := http.NewRequest("GET", b.url+"/api/v1/export"+query, nil)
	req.Header.Set("Authorization", "Bearer "+b.tokens["erin"])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	apiBody, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/tab-separated-values") {
		t.Fatalf("API export content type %q", ct)
	}

	var out, errOut bytes.Buffer
	root := cli.NewRoot()
	root.SetArgs([]string{"export", "--resource", "demo/shell", "--url", b.url,
		"--token", b.tokens["erin"]})
	root.SetOut(&out)
	root.SetErr(&errOut)
	if err := root.ExecuteContext(ctx); err != nil {
		t.Fatalf("latch export: %v %s", err, errOut.String())
	}

	if web != string(apiBody) || web != out.String() {
		t.Fatalf("exports differ:\nweb %q\napi %q\ncli %q", web, apiBody, out.String())
	}
	if n := strings.Count(web, "\n"); n != len(awkwardReasons)+1 {
		t.Fatalf("export has %d lines, want a header and %d rows", n, len(awkwardReasons))
	}

	rd := export.NewReader(strings.NewReader(web))
	header, _ := rd.Read()
	if strings.Join(header, ",") != strings.Join(export.Columns, ",") {
		t.Fatalf("header %q", header)
	}
	col := map[string]int{}
	for i, c := range header {
		col[c] = i
	}
	for {
		row, err := rd.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		id := row[col["id"]]
		want, ok := ids[id]
		if !ok {
			t.Fatalf("row %s is not a demo/shell request (other is %s)", id, other.ID)
		}
		if got := row[col["reason"]]; got != want {
			t.Errorf("reason of %s read back %q, want %q", id, got, want)
		}
		if c := row[col["comments"]]; !strings.HasSuffix(c, "bob@example.com: seen:\t"+want) {
			t.Errorf("comments of %s read back %q", id, c)
		}
		delete(ids, id)
	}
	if len(ids) != 0 {
		t.Fatalf("export lost rows: %v", ids)
	}
}

// TestExportVisibility checks that a requester's export holds only their own
// requests, whatever the filter asks.
func TestExportVisibility(t *testing.T) {
	t.Parallel()
	b := setup(t)
	mine := b.create("alice", "demo/shell", "mine")
	b.create("carol", "demo/shell", "not alice's")

	for _, q := range []string{"", "?requester=carol%40example.com"} {
		_, body := b.get(b.client("alice"), "/export.tsv"+q)
		lines := strings.Split(strings.TrimSpace(body), "\n")
		if q == "" && (len(lines) != 2 || !strings.HasPrefix(lines[1], mine.ID+"\t")) {
			t.Fatalf("alice's export: %q", body)
		}
		if q != "" && len(lines) != 1 {
			t.Fatalf("alice's export of carol's requests: %q", body)
		}
	}
}
