package web_test

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
)

// evilNext are sign-in "next" values that a browser would follow to another
// site; every way of signing in must send people to "/" instead.
var evilNext = []string{
	"/\t/evil.example/x",
	"/%09/evil.example/x",
	"//evil.example/x",
	`/\evil.example/x`,
	"https://evil.example/x",
}

func TestSignInStaysOnSite(t *testing.T) {
	t.Parallel()
	b := setup(t)
	signedIn := b.client("alice")

	for _, next := range evilNext {
		resp, err := signedIn.Get(b.url + "/login?next=" + url.QueryEscape(next))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/" {
			t.Errorf("signed in, /login?next=%q: %d to %q, want 303 to /", next, resp.StatusCode, loc)
		}

		resp, err = b.client("").PostForm(b.url+"/login/dev", url.Values{
			"email": {"alice@example.com"}, "next": {next},
		})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); loc != "/" {
			t.Errorf("development sign-in with next %q: sent to %q, want /", next, loc)
		}

		if loc := oidcLanding(t, b, next); loc != "/" {
			t.Errorf("OIDC sign-in with next %q: sent to %q, want /", next, loc)
		}
	}

	// The raw, unescaped tab of the report.
	resp, err := signedIn.Get(b.url + "/login?next=/%09/evil.example/x")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); loc != "/" {
		t.Errorf("/login?next=/%%09/evil.example/x: sent to %q, want /", loc)
	}
}

// oidcLanding signs in through OIDC from /login/oidc?next=next and returns
// where latch sends the browser after the provider's callback.
func oidcLanding(t *testing.T, b *bundle, next string) string {
	t.Helper()
	b.oidc.signInAs("bob@example.com", true)
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(r *http.Request, via []*http.Request) error {
		if strings.HasPrefix(via[len(via)-1].URL.Path, "/login/callback") {
			return http.ErrUseLastResponse
		}
		return nil
	}}
	resp, err := c.Get(b.url + "/login/oidc?next=" + url.QueryEscape(next))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("OIDC sign-in with next %q: %d, want 303 from the callback", next, resp.StatusCode)
	}
	return resp.Header.Get("Location")
}
