package cli

import (
	"cmp"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/latchhq/latch/internal/client"
)

// client returns an API client for the server that --url/--token or
// LATCH_URL/LATCH_TOKEN name. Commands call it after checking their own
// arguments, so a usage mistake is reported without needing a server.
func (a *app) client() (*client.Client, error) {
	base := strings.TrimSpace(cmp.Or(a.url, a.getenv("LATCH_URL")))
	token := strings.TrimSpace(cmp.Or(a.token, a.getenv("LATCH_TOKEN")))

	if base == "" {
		return nil, errors.New("no latch server given: set LATCH_URL or pass --url " +
			"(for example https://latch.example.com)")
	}
	if err := checkBaseURL(base); err != nil {
		return nil, err
	}
	if token == "" {
		return nil, errors.New("no API token given: set LATCH_TOKEN or pass --token")
	}
	return client.New(base, token, a.httpClient), nil
}

// checkBaseURL wants an absolute http or https URL with no query.
func checkBaseURL(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Errorf("latch server URL %q: %w", s, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("latch server URL %q: want http:// or https:// and a host, "+
			"such as https://latch.example.com", s)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("latch server URL %q: remove the query or fragment", s)
	}
	return nil
}
