package web_test

import (
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"
	"time"
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
