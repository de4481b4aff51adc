package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// With the development sign-in on, a page whose DNS name was rebound to
// 127.0.0.1 must get nothing from latch, though its requests come from the
// person's own browser with a matching Origin.
func TestDevLoginRefusesOtherHosts(t *testing.T) {
	t.Parallel()
	b := setup(t)
	r := b.create("alice", "demo/shell", "incident 7")
	// The rebinding page has the cookie only if it signed in under its own
	// name; send bob's anyway, as if it had.
	u, _ := url.Parse(b.url)
	bob := b.client("bob").Jar.Cookies(u)
	_, port, _ := strings.Cut(strings.TrimPrefix(b.url, "http://"), ":")

	call := func(c *http.Client, cookies []*http.Cookie, host, method, path string,
		form url.Values) *http.Response {
		t.Helper()
		req, err := http.NewRequest(method, b.url+path, strings.NewReader(form.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		req.Host = host
		for _, ck := range cookies {
			req.AddCookie(ck)
		}
		req.Header.Set("Origin", "http://"+host)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		if form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	routes := []struct {
		method, path string
		form         url.Values
	}{
		{"GET", "/login", nil},
		{"POST", "/login/dev", url.Values{"email": {"dave@example.com"}}},
		{"GET", "/login/oidc", nil},
		{"GET", "/assets/style.css", nil},
		{"GET", "/", nil},
		{"GET", "/requests/" + r.ID, nil},
		{"GET", "/export.tsv", nil},
		{"POST", "/requests/" + r.ID + "/approve", url.Values{"expiry": {"1h"}}},
		{"POST", "/logout", nil},
	}
	for _, host := range []string{
		"rebind.attacker.example:" + port, "rebind.attacker.example",
		"localhost.attacker.example:" + port,
		"127.0.0.1.nip.io:" + port, "10.0.0.5:" + port, "[::2]:" + port,
	} {
		for _, rt := range routes {
			resp := call(b.client(""), bob, host, rt.method, rt.path, rt.form)
			if resp.StatusCode != http.StatusMisdirectedRequest {
				t.Errorf("%s %s for Host %q: %d, want 421", rt.method, rt.path, host, resp.StatusCode)
			}
			if resp.Header.Get("Set-Cookie") != "" {
				t.Errorf("%s %s for Host %q set a cookie", rt.method, rt.path, host)
			}
		}
	}
	if got, err := b.srv.Store().GetRequest(context.Background(), r.ID); err != nil ||
		got.ApprovedBy != "" {
		t.Fatalf("request after the rebound calls: approved by %q (%v), want nobody",
			got.ApprovedBy, err)
	}

	// Loopback names sign in and work, however they are spelled.
	for _, host := range []string{"127.0.0.1:" + port, "localhost:" + port, "LocalHost:" + port,
		"[::1]:" + port, "127.0.0.1"} {
		c := b.client("")
		resp := call(c, nil, host, "POST", "/login/dev", url.Values{"email": {"bob@example.com"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Errorf("dev sign-in for Host %q: %d, want 303", host, resp.StatusCode)
		}
		if resp := call(c, nil, host, "GET", "/", nil); resp.StatusCode != http.StatusOK {
			t.Errorf("GET / for Host %q: %d, want 200", host, resp.StatusCode)
		}
	}
}
