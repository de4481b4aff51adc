package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/latchhq/latch/internal/api"
)

// checkID refuses ids that would address another route once in a path: the
// list itself, or a dot segment that a server or proxy cleans away.
func checkID(id string) error {
	switch id {
	case "":
		return errors.New("empty request id")
	case ".", "..":
		return fmt.Errorf("invalid request id %q", id)
	}
	return nil
}

// ListOptions filters and pages List. Zero values leave a filter out.
type ListOptions struct {
	Status    string
	Requester string
	Resource  string
	// Mine lists only the caller's own requests.
	Mine bool
	// Limit is the page size; 0 lets the server choose.
	Limit int
	// Cursor is a previous page's NextCursor.
	Cursor string
}

// query encodes o as the list route's query string.
func (o ListOptions) query() url.Values {
	q := url.Values{}
	set := func(k, v string) {
		if v != "" {
			q.Set(k, v)
		}
	}
	set("status", o.Status)
	set("requester", o.Requester)
	set("resource", o.Resource)
	set("cursor", o.Cursor)
	if o.Mine {
		q.Set("mine", "true")
	}
	if o.Limit > 0 {
		q.Set("limit", strconv.Itoa(o.Limit))
	}
	return q
}

// Whoami says who the server takes the token's owner to be.
func (c *Client) Whoami(ctx context.Context) (api.Whoami, error) {
	var w api.Whoami
	err := c.do(ctx, call{method: http.MethodGet, path: "/whoami", out: &w})
	return w, err
}

// Resources lists what may be requested.
func (c *Client) Resources(ctx context.Context) (api.ResourceList, error) {
	var l api.ResourceList
	err := c.do(ctx, call{method: http.MethodGet, path: "/resources", out: &l})
	return l, err
}

// Create asks for a resource and returns the new request.
func (c *Client) Create(ctx context.Context, cr api.CreateRequest) (api.Request, error) {
	var r api.Request
	err := c.do(ctx, call{method: http.MethodPost, path: "/requests", in: cr, out: &r})
	return r, err
}

// List returns one page of requests, newest first.
func (c *Client) List(ctx context.Context, o ListOptions) (api.RequestList, error) {
	var l api.RequestList
	err := c.do(ctx, call{method: http.MethodGet, path: "/requests", query: o.query(), out: &l})
	return l, err
}

// Get returns one request with its history.
func (c *Client) Get(ctx context.Context, id string) (api.Request, error) {
	if err := checkID(id); err != nil {
		return api.Request{}, err
	}
	var r api.Request
	err := c.do(ctx, call{method: http.MethodGet, path: requestPath(id), out: &r})
	return r, err
}

// Approve approves a pending request for expiry ("1h", "1d").
func (c *Client) Approve(ctx context.Context, id, expiry string) (api.Request, error) {
	return c.act(ctx, id, "approve", api.Approve{Expiry: expiry})
}

// Deny denies a pending request; reason may be empty.
func (c *Client) Deny(ctx context.Context, id, reason string) (api.Request, error) {
	return c.act(ctx, id, "deny", api.Deny{Reason: reason})
}

// Revoke ends an active grant early; reason may be empty.
func (c *Client) Revoke(ctx context.Context, id, reason string) (api.Request, error) {
	return c.act(ctx, id, "revoke", api.Revoke{Reason: reason})
}

// Relinquish gives up the caller's own active grant early.
func (c *Client) Relinquish(ctx context.Context, id string) (api.Request, error) {
	return c.act(ctx, id, "relinquish", struct{}{})
}

// Cancel withdraws the caller's own pending request.
func (c *Client) Cancel(ctx context.Context, id string) (api.Request, error) {
	return c.act(ctx, id, "cancel", struct{}{})
}

// Retry tries an errored request's provisioning or removal again (admins).
func (c *Client) Retry(ctx context.Context, id string) (api.Request, error) {
	return c.act(ctx, id, "retry", struct{}{})
}

// Comment adds text to a request's discussion.
func (c *Client) Comment(ctx context.Context, id, text string) (api.Request, error) {
	return c.act(ctx, id, "comments", api.Comment{Text: text})
}

// act posts body to one of a request's action routes.
func (c *Client) act(ctx context.Context, id, action string, body any) (api.Request, error) {
	if err := checkID(id); err != nil {
		return api.Request{}, err
	}
	var r api.Request
	cl := call{method: http.MethodPost, path: requestPath(id) + "/" + action, in: body, out: &r}
	err := c.do(ctx, cl)
	return r, err
}

// requestPath is one request's route, with id escaped as a path segment.
func requestPath(id string) string {
	return "/requests/" + url.PathEscape(id)
}
