// Package client talks to a latch server's JSON API under /api/v1. It is
// what the command line uses, and it decodes the same wire types as the
// server encodes (internal/api).
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// userAgent names the command line to the server's access log.
const userAgent = "latch-cli"

// maxErrorBody bounds how much of an error answer is read.
const maxErrorBody = 64 << 10

// Client calls one latch server with one bearer token. It is safe for
// concurrent use.
type Client struct {
	baseURL string
	token   string
	http    *http.Client
}

// New returns a client for the server at baseURL (for example
// "https://latch.example.com"), authenticating with token. A nil httpClient
// means http.DefaultClient.
func New(baseURL, token string, httpClient *http.Client) *Client {
	if httpClient == nil {
		httpClient = http.DefaultClient
	}
	return &Client{
		baseURL: strings.TrimRight(baseURL, "/"),
		token:   token,
		http:    httpClient,
	}
}

// call is one API call. path is below /api/v1; in, when not nil, is sent as
// the JSON body; out, when not nil, receives the decoded 2xx answer.
type call struct {
	method string
	path   string
	query  url.Values
	in     any
	out    any
}

// do sends c and decodes its answer, or its error answer into an *Error.
func (c *Client) do(ctx context.Context, cl call) error {
	req, err := c.newRequest(ctx, cl)
	if err != nil {
		return fmt.Errorf("%s %s: %w", cl.method, cl.path, err)
	}

	// A transport error is a *url.Error, which names the method and URL.
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return decodeError(resp)
	}
	if cl.out == nil {
		return nil
	}
	if err := json.NewDecoder(resp.Body).Decode(cl.out); err != nil {
		return fmt.Errorf("%s %s: decode answer: %w", cl.method, cl.path, err)
	}
	return nil
}

// newRequest builds an authenticated request with an optional JSON body.
func (c *Client) newRequest(ctx context.Context, cl call) (*http.Request, error) {
	var body io.Reader
	if cl.in != nil {
		b, err := json.Marshal(cl.in)
		if err != nil {
			return nil, fmt.Errorf("encode body: %w", err)
		}
		body = bytes.NewReader(b)
	}

	u := c.baseURL + "/api/v1" + cl.path
	if len(cl.query) > 0 {
		u += "?" + cl.query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, cl.method, u, body)
	if err != nil {
		return nil, err
	}

	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("User-Agent", userAgent)
	req.Header.Set("Accept", "application/json")
	if cl.in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req, nil
}
