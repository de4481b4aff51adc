package web_test

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/latchhq/latch/internal/testenv"
)

func TestSessionTimeouts(t *testing.T) {
	t.Parallel()
	b := setup(t)

	c := b.client("alice")
	for range 14 {
		b.clock.advance(50 * time.Minute) // active: under the 1h idle timeout
		if code, _ := b.get(c, "/"); code != http.StatusOK {
			t.Fatalf("active session ended early: %d", code)
		}
	}
	b.clock.advance(time.Hour) // 12h40m after sign-in: past the absolute timeout
	if code, _ := b.get(c, "/"); code != http.StatusSeeOther {
		t.Fatalf("session past its absolute timeout: %d, want a redirect to sign in", code)
	}

	c = b.client("alice")
	b.clock.advance(61 * time.Minute)
	if code, _ := b.get(c, "/"); code != http.StatusSeeOther {
		t.Fatalf("idle session: %d, want a redirect to sign in", code)
	}
}

func TestCookieAndLogout(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.client("")
	resp, err := c.PostForm(b.url+"/login/dev", map[string][]string{"email": {"bob@example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cookie := resp.Header.Get("Set-Cookie")
	for _, want := range []string{"latch_session=", "HttpOnly", "SameSite=Lax", "Path=/"} {
		if !strings.Contains(cookie, want) {
			t.Errorf("session cookie %q lacks %s", cookie, want)
		}
	}

	resp, err = c.PostForm(b.url+"/logout", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if code, _ := b.get(c, "/"); code != http.StatusSeeOther {
		t.Fatalf("after sign-out: %d, want a redirect to sign in", code)
	}
}

// signInOIDC runs the OIDC flow with a plain HTTP client that follows
// redirects, and returns the final status and page.
func signInOIDC(t *testing.T, b *bundle, email string, verified bool) (*http.Client, int, string) {
	t.Helper()
	b.oidc.signInAs(email, verified)
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	code, body := b.get(c, "/login/oidc?next=/new")
	return c, code, body
}

func TestOIDCSignIn(t *testing.T) {
	t.Parallel()
	b := setup(t)

	c, code, body := signInOIDC(t, b, "Bob@Example.com", true)
	if code != http.StatusOK || !strings.Contains(body, "New access request") {
		t.Fatalf("OIDC sign-in: %d, want the new-request page it started from", code)
	}
	if code, _ := b.get(c, "/"); code != http.StatusOK {
		t.Fatalf("after OIDC sign-in the list answers %d", code)
	}

	_, code, body = signInOIDC(t, b, "stranger@example.org", true)
	if code != http.StatusForbidden || !strings.Contains(body, "stranger@example.org") ||
		!strings.Contains(body, "not in latch") {
		t.Fatalf("outsider: %d %s", code, body)
	}

	_, code, _ = signInOIDC(t, b, "bob@example.com", false)
	if code != http.StatusForbidden {
		t.Fatalf("unverified email: %d, want 403", code)
	}
}

func TestOIDCRefusesForgedState(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.client("")
	code, _ := b.get(c, "/login/callback?code=x&state=forged")
	if code != http.StatusBadRequest {
		t.Fatalf("callback without a started sign-in: %d, want 400", code)
	}
}

// signInCookie signs user in with the development sign-in and returns the
// session cookie.
func signInCookie(t *testing.T, b *bundle, user string) *http.Cookie {
	t.Helper()
	c := b.client(user)
	u, _ := url.Parse(b.url)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == "latch_session" {
			return ck
		}
	}
	t.Fatalf("no session cookie after signing in as %s", user)
	return nil
}

// withCookie fetches path at base with only cookie, as a copy of it would.
func withCookie(t *testing.T, base, path string, cookie *http.Cookie) int {
	t.Helper()
	req, _ := http.NewRequest("GET", base+path, nil)
	req.AddCookie(cookie)
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// signOut posts the sign-out form with cookie.
func signOut(t *testing.T, base string, cookie *http.Cookie) {
	t.Helper()
	req, _ := http.NewRequest("POST", base+"/logout", nil)
	req.AddCookie(cookie)
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-out: %d, want 303", resp.StatusCode)
	}
}

func TestSignOutEndsSessionForGood(t *testing.T) {
	t.Parallel()
	b := setup(t)
	copied := signInCookie(t, b, "dave")
	other := signInCookie(t, b, "dave")
	if code := withCookie(t, b.url, "/", copied); code != http.StatusOK {
		t.Fatalf("signed in: %d, want 200", code)
	}

	signOut(t, b.url, copied)
	for _, path := range []string{"/", "/new", "/export.tsv"} {
		if code := withCookie(t, b.url, path, copied); code != http.StatusSeeOther {
			t.Errorf("copied cookie after sign-out, %s: %d, want a redirect to sign in", path, code)
		}
	}
	if code := withCookie(t, b.url, "/", other); code != http.StatusOK {
		t.Errorf("the same person's other session after sign-out: %d, want 200", code)
	}

	// The copy stays dead past the time the cookie would refresh itself.
	b.clock.advance(2 * time.Minute)
	if code := withCookie(t, b.url, "/", copied); code != http.StatusSeeOther {
		t.Errorf("copied cookie later: %d, want a redirect to sign in", code)
	}
}

// Replicas share sessions through PostgreSQL: a session signed in on one
// works on the other, and signing out on one ends it on both.
func TestSignOutEndsSessionOnEveryReplica(t *testing.T) {
	t.Parallel()
	storeURL := testenv.PostgresSchema(t)
	one, two := setupStore(t, storeURL), setupStore(t, storeURL)

	cookie := signInCookie(t, one, "bob")
	if code := withCookie(t, two.url, "/", cookie); code != http.StatusOK {
		t.Fatalf("session from replica one on replica two: %d, want 200", code)
	}
	signOut(t, one.url, cookie)
	for _, b := range []*bundle{one, two} {
		if code := withCookie(t, b.url, "/", cookie); code != http.StatusSeeOther {
			t.Errorf("signed-out cookie on %s: %d, want a redirect to sign in", b.url, code)
		}
	}
}
