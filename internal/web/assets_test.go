package web_test

import (
	"net/http"
	"strings"
	"testing"
)

func TestAssetsServeFilesOnly(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.client("")

	code, body := b.get(c, "/assets/style.css")
	if code != http.StatusOK || body == "" {
		t.Fatalf("/assets/style.css: %d, want the stylesheet", code)
	}
	for _, path := range []string{"/assets/", "/assets/nope.css", "/assets/style.css/",
		"/assets/%2e%2e/templates/layout.html", "/assets/..%2ftemplates/layout.html"} {
		code, body := b.get(c, path)
		if code != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, code)
		}
		if strings.Contains(body, `href="app.js"`) || strings.Contains(body, "<pre>") {
			t.Errorf("%s lists the folder", path)
		}
	}
}
