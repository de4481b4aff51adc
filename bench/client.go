package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/latchhq/latch/internal/api"
)

// client calls latch's API over one shared pool of keep-alive connections.
type client struct {
	base string
	hc   *http.Client
}

// newClient keeps up to conns idle connections, so that no call at the
// benchmark's concurrency has to dial.
func newClient(base string, conns int) *client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns = conns * 2
	tr.MaxIdleConnsPerHost = conns * 2
	return &client{base: base, hc: &http.Client{Transport: tr, Timeout: 30 * time.Second}}
}

// createBody is the same for every request: latch requires a reason.
var createBody = mustJSON(api.CreateRequest{
	Resource: resource, Reason: "benchmark: measure request creation", Duration: "1h",
})

var approveBody = mustJSON(api.Approve{Expiry: "1h"})

// create makes a pending request and returns its id.
func (c *client) create(ctx context.Context, token string) (string, error) {
	var r api.Request
	if err := c.do(ctx, token, "POST", "/api/v1/requests", createBody,
		http.StatusCreated, &r); err != nil {
		return "", err
	}
	return r.ID, nil
}

// approve approves the request for an hour.
func (c *client) approve(ctx context.Context, token, id string) error {
	return c.do(ctx, token, "POST", "/api/v1/requests/"+id+"/approve", approveBody,
		http.StatusOK, nil)
}

// status returns the request's current status.
func (c *client) status(ctx context.Context, token, id string) (string, error) {
	var r api.Request
	if err := c.do(ctx, token, "GET", "/api/v1/requests/"+id, nil, http.StatusOK, &r); err != nil {
		return "", err
	}
	return r.Status, nil
}

// healthy reports whether latch answers its health check.
func (c *client) healthy(ctx context.Context) bool {
	req, err := http.NewRequestWithContext(ctx, "GET", c.base+"/healthz", nil)
	if err != nil {
		return false
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// do makes one call and decodes the answer into out unless it is nil. An
// answer other than want is an error carrying latch's message.
func (c *client) do(ctx context.Context, token, method, path string, body []byte,
	want int, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}

	resp, err := c.hc.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("%s %s: read answer: %w", method, path, err)
	}

	if resp.StatusCode != want {
		return fmt.Errorf("%s %s: status %d: %s", method, path, resp.StatusCode,
			bytes.TrimSpace(raw))
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return fmt.Errorf("%s %s: decode answer: %w", method, path, err)
	}
	return nil
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
