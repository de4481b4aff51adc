package web_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/latchhq/latch/internal/export"
	"github.com/latchhq/latch/internal/request"
	"github.com/latchhq/latch/internal/testenv"
)

type void = chromedp.Action[chromedp.Void]

// chrome is one headless Chromium tab on a bundle's dashboard.
type chrome struct {
	t     *testing.T
	ctx   context.Context
	b     *bundle
	shots string
}

// artifacts is where screenshots go: $LATCH_TEST_ARTIFACTS when set, so CI
// and people can look at them, else the test's temporary directory.
func artifacts(t *testing.T) string {
	dir := os.Getenv("LATCH_TEST_ARTIFACTS")
	if dir == "" {
		return t.TempDir()
	}
	dir = filepath.Join(dir, "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func newChrome(t *testing.T, b *bundle) *chrome {
	path := testenv.Chromium(t)
	opts := append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]),
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.WindowSize(1440, 900))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(alloc)
	ctx, cancelTime := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTime(); cancelTab(); cancelAlloc() })
	return &chrome{t: t, ctx: ctx, b: b, shots: artifacts(t)}
}

func (c *chrome) do(steps ...void) {
	c.t.Helper()
	if err := chromedp.Do(c.ctx, steps...); err != nil {
		c.t.Fatal(err)
	}
}

// eval runs a JavaScript expression and returns its value.
func eval[T any](c *chrome, js string) T {
	c.t.Helper()
	v, err := chromedp.Run(c.ctx, chromedp.Evaluate[T](js))
	if err != nil {
		c.t.Fatalf("%s: %v", js, err)
	}
	return v
}

// waitFor polls until a JavaScript condition holds. Errors while a page is
// being replaced by the next one count as "not yet".
func (c *chrome) waitFor(js string) {
	c.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	var err error
	for time.Now().Before(deadline) {
		var ok bool
		ok, err = chromedp.Run(c.ctx, chromedp.Evaluate[bool]("Boolean("+js+")"))
		if err == nil && ok {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	c.t.Fatalf("waiting for %s: last error %v", js, err)
}

func (c *chrome) shot(name string) {
	c.t.Helper()
	png, err := chromedp.Run(c.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		c.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(c.shots, name+".png"), png, 0o644); err != nil {
		c.t.Fatal(err)
	}
}

// rowIDs lists the ids of the requests the list shows.
func (c *chrome) rowIDs() []string {
	return eval[[]string](c, `[...document.querySelectorAll("tr[data-id]")].map(r => r.dataset.id)`)
}

func (c *chrome) devSignIn(user string) {
	c.t.Helper()
	c.do(chromedp.Navigate(c.b.url+"/"), chromedp.WaitVisible(chromedp.CSS("#dev-email")),
		chromedp.SetValue(chromedp.CSS("#dev-email"), user+"@example.com"),
		chromedp.Click(chromedp.CSS(".dev-login button")))
	c.waitFor(`location.pathname === "/" && !!document.querySelector("table.requests")`)
}

func (c *chrome) signOut() {
	c.t.Helper()
	c.do(chromedp.Click(chromedp.CSS(".who button")))
	c.waitFor(`location.pathname === "/login"`)
}

// TestBrowser walks the dashboard in headless Chromium: both sign-ins, the
// rows each role sees, a filter that survives a reload, the drawer and its
// timeline, an approval with a chosen expiry that the grant follows, and an
// export of what the filter shows.
func TestBrowser(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	svc := b.srv.Service()

	own := b.create("alice", "demo/shell", "Investigate failed payouts in the ledger (INC-2231)")
	b.create("alice", "demo/logs", "Read worker logs for the stuck deploy")
	carols := b.create("carol", "demo/logs", "Rotate the log shipper's credentials")
	denied := b.create("dave", "demo/shell", "Check disk usage")
	if _, err := svc.Deny(ctx, b.actor("bob"), denied.ID, "use the dashboard"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Comment(ctx, b.actor("bob"), own.ID, "Which host? Please add the ticket."); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Comment(ctx, b.actor("alice"), own.ID, "ledger-2, ticket INC-2231."); err != nil {
		t.Fatal(err)
	}

	c := newChrome(t, b)

	// The development sign-in; alice, a requester, sees only her own.
	c.do(chromedp.Navigate(b.url + "/login"))
	c.shot("login")
	c.devSignIn("alice")
	if got := c.rowIDs(); len(got) != 2 || !slices.Contains(got, own.ID) ||
		slices.Contains(got, carols.ID) {
		t.Fatalf("alice sees %v, want only her two requests", got)
	}
	c.shot("list-requester")

	// Her own request's drawer: timeline and discussion, but no Approve.
	c.do(chromedp.Click(chromedp.CSS(`tr[data-id="` + own.ID + `"] a.row-link`)))
	c.waitFor(`!!document.getElementById("drawer")`)
	if n := eval[int](c, `document.querySelectorAll(".timeline li").length`); n < 1 {
		t.Fatalf("drawer timeline has %d events", n)
	}
	if eval[bool](c, `!!document.querySelector('form[action$="/approve"]')`) {
		t.Fatal("alice is offered Approve on her own request")
	}
	if !eval[bool](c, `!!document.querySelector('form[action$="/cancel"]')`) {
		t.Fatal("alice is not offered Cancel on her own pending request")
	}
	c.shot("drawer-requester")
	c.signOut()

	// Single sign-on as bob, an approver, who sees every request.
	b.oidc.signInAs("bob@example.com", true)
	c.do(chromedp.Click(chromedp.CSS(`a[href^="/login/oidc"]`)))
	c.waitFor(`location.pathname === "/" && !!document.querySelector("table.requests")`)
	if got := c.rowIDs(); len(got) != 4 {
		t.Fatalf("bob sees %v, want all four requests", got)
	}
	c.shot("list-approver")

	// A filter narrows the list, lives in the address and survives a reload.
	c.do(chromedp.Click(chromedp.CSS(`.picker summary`)),
		chromedp.Click(chromedp.CSS(`input[name=status][value=pending]`)),
		chromedp.Click(chromedp.CSS(`.filters button[type=submit]`)))
	c.waitFor(`location.search.includes("status=pending")`)
	c.do(chromedp.Reload())
	c.waitFor(`document.readyState === "complete"`)
	if got := c.rowIDs(); len(got) != 3 || slices.Contains(got, denied.ID) {
		t.Fatalf("pending filter after reload shows %v", got)
	}
	if v := eval[string](c, `[...document.querySelectorAll("input[name=status]:checked")]`+
		`.map(e => e.value).join()`); v != "pending" {
		t.Fatalf("status filter after reload is %q", v)
	}
	c.shot("list-filtered")

	// Bob approves alice's request for one day; the grant follows.
	c.do(chromedp.Click(chromedp.CSS(`tr[data-id="` + own.ID + `"] a.row-link`)))
	c.waitFor(`!!document.querySelector('form[action$="/approve"]')`)
	c.shot("drawer-approver")
	c.do(chromedp.SetValue(chromedp.CSS("#expiry"), "1d"),
		chromedp.Click(chromedp.CSS(`form[action$="/approve"] button`)))
	c.waitFor(`(document.querySelector(".notice") || {}).textContent?.includes("Approved")`)
	if !eval[bool](c, `location.search.includes("status=pending")`) {
		t.Fatal("the filter was lost after approving")
	}
	granted := b.waitStatus(own.ID, request.Active)
	if granted.ApprovedDuration != 24*time.Hour || granted.ApprovedBy != "bob@example.com" {
		t.Fatalf("approved for %s by %s, want 1d by bob", granted.ApprovedDuration,
			granted.ApprovedBy)
	}
	log, _ := os.ReadFile(filepath.Join(b.dir, "grant.log"))
	if !strings.Contains(string(log), own.ID+" alice@example.com demo/shell ") {
		t.Fatalf("the grant program did not run for %s: %q", own.ID, log)
	}
	c.do(chromedp.Navigate(b.url + "/requests/" + own.ID))
	c.waitFor(`!!document.querySelector("#drawer .status-active")`)
	c.shot("drawer-active")

	// Export what a resource filter shows, through the browser's download.
	c.do(chromedp.Navigate(b.url + "/?resource=demo%2Flogs"))
	c.waitFor(`!!document.querySelector("table.requests")`)
	rows := c.download(`a[download]`)
	if len(rows) != 3 {
		t.Fatalf("export has %d lines, want a header and 2 rows: %q", len(rows), rows)
	}
	for _, row := range rows[1:] {
		if row[3] != "demo/logs" {
			t.Fatalf("exported row %q is not for demo/logs", row)
		}
	}

	c.do(chromedp.Navigate(b.url + "/new"))
	c.waitFor(`!!document.getElementById("resource")`)
	c.shot("new-request")
}

// download clicks the link and returns the downloaded TSV's rows.
func (c *chrome) download(sel string) [][]string {
	c.t.Helper()
	dir := c.t.TempDir()
	progress := chromedp.BrowserEvents(c.ctx, browser.DownloadProgress)
	c.do(chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior,
			browser.SetDownloadBehaviorParams{
				Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir,
				EventsEnabled: new(true),
			})
		return err
	}), chromedp.Click(chromedp.CSS(sel)))

	for ev, err := range progress {
		if err != nil {
			c.t.Fatal(err)
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			c.t.Fatal("download canceled")
		}
		if ev.State != browser.DownloadProgressStateCompleted {
			continue
		}
		f, err := os.Open(filepath.Join(dir, ev.GUID))
		if err != nil {
			c.t.Fatal(err)
		}
		defer f.Close()
		var rows [][]string
		rd := export.NewReader(f)
		for {
			row, err := rd.Read()
			if err == io.EOF {
				return rows
			}
			if err != nil {
				c.t.Fatal(err)
			}
			rows = append(rows, row)
		}
	}
	c.t.Fatal("no download finished")
	return nil
}
