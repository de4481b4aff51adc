package client

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
)

// Export streams the TSV export of the requests that match query (the
// filter parameters of GET /api/v1/export) into w, and returns how many bytes
// it copied. An export can take longer than the client's usual timeout, so
// it has none; cancel ctx to stop it. A server that fails halfway breaks the
// connection, which is reported here as an error.
func (c *Client) Export(ctx context.Context, query url.Values, w io.Writer) (int64, error) {
	req, err := c.newRequest(ctx, call{method: http.MethodGet, path: "/export", query: query})
	if err != nil {
		return 0, fmt.Errorf("export: %w", err)
	}
	req.Header.Set("Accept", "text/tab-separated-values")

	hc := *c.http
	hc.Timeout = 0
	resp, err := hc.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, decodeError(resp)
	}

	n, err := io.Copy(w, resp.Body)
	if err != nil {
		return n, fmt.Errorf("export: incomplete after %d bytes: %w", n, err)
	}
	return n, nil
}
