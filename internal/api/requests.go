package api

import (
	"net/http"
	"strconv"

	"github.com/latchhq/latch/internal/export"
	"github.com/latchhq/latch/internal/lifecycle"
	"github.com/latchhq/latch/internal/request"
	"github.com/latchhq/latch/internal/store"
)

func (s *Server) createRequest(c *call) error {
	var in CreateRequest
	if err := decode(c, &in, false); err != nil {
		return err
	}

	r, e, err := s.svc.CreateWithEvent(c.ctx, c.actor(), lifecycle.CreateInput{
		Resource: in.Resource, Reason: in.Reason, Duration: in.Duration,
	})
	if err != nil {
		return err
	}

	// The new request's history is its first event: no need to read back.
	writeJSON(c.w, http.StatusCreated, toWire(r, []request.Event{e}, c.detailed()))
	return nil
}

func (s *Server) getRequest(c *call) error {
	return s.respondRequest(c, http.StatusOK, c.r.PathValue("id"))
}

// respondRequest answers with the request's current state and history.
func (s *Server) respondRequest(c *call, status int, id string) error {
	r, events, err := s.svc.Get(c.ctx, c.person, id)
	if err != nil {
		return err
	}
	writeJSON(c.w, status, toWire(r, events, c.detailed()))
	return nil
}

const (
	defaultLimit = 50
	maxLimit     = 500
)

func (s *Server) listRequests(c *call) error {
	f, err := parseFilter(c)
	if err != nil {
		return err
	}

	rs, err := s.svc.List(c.ctx, c.person, f)
	if err != nil {
		return err
	}

	out := RequestList{Requests: make([]Request, 0, len(rs))}
	for _, r := range rs {
		out.Requests = append(out.Requests, toWire(r, nil, c.detailed()))
	}
	if len(rs) == f.Limit {
		out.NextCursor = strconv.FormatInt(rs[len(rs)-1].Seq, 10)
	}
	writeJSON(c.w, http.StatusOK, out)
	return nil
}

func parseFilter(c *call) (store.Filter, error) {
	q := c.r.URL.Query()
	f, err := export.ParseQuery(q)
	if err != nil {
		return f, &badRequest{err.Error()}
	}
	f.Limit = defaultLimit

	switch q.Get("mine") {
	case "", "false":
	case "true":
		f.Requester = c.person.Email
	default:
		return f, &badRequest{"mine must be true or false"}
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxLimit {
			return f, &badRequest{"limit must be a number from 1 to " + strconv.Itoa(maxLimit)}
		}
		f.Limit = n
	}
	if v := q.Get("cursor"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			return f, &badRequest{"malformed cursor: pass next_cursor from the previous page"}
		}
		f.BeforeSeq = n
	}
	return f, nil
}
