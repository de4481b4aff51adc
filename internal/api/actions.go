package api

import (
	"net/http"

	"github.com/latchhq/latch/internal/request"
)

func (s *Server) approve(c *call) error {
	var in Approve
	if err := decode(c, &in, false); err != nil {
		return err
	}
	return s.act(c, func() (request.Request, error) {
		return s.svc.Approve(c.ctx, c.actor(), c.r.PathValue("id"), in.Expiry)
	})
}

func (s *Server) deny(c *call) error {
	var in Deny
	if err := decode(c, &in, true); err != nil {
		return err
	}
	return s.act(c, func() (request.Request, error) {
		return s.svc.Deny(c.ctx, c.actor(), c.r.PathValue("id"), in.Reason)
	})
}

func (s *Server) revoke(c *call) error {
	var in Revoke
	if err := decode(c, &in, true); err != nil {
		return err
	}
	return s.act(c, func() (request.Request, error) {
		return s.svc.Revoke(c.ctx, c.actor(), c.r.PathValue("id"), in.Reason)
	})
}

func (s *Server) relinquish(c *call) error {
	if err := decode(c, &struct{}{}, true); err != nil {
		return err
	}
	return s.act(c, func() (request.Request, error) {
		return s.svc.Relinquish(c.ctx, c.actor(), c.r.PathValue("id"))
	})
}

func (s *Server) cancel(c *call) error {
	if err := decode(c, &struct{}{}, true); err != nil {
		return err
	}
	return s.act(c, func() (request.Request, error) {
		return s.svc.Cancel(c.ctx, c.actor(), c.r.PathValue("id"))
	})
}

func (s *Server) retry(c *call) error {
	if err := decode(c, &struct{}{}, true); err != nil {
		return err
	}
	return s.act(c, func() (request.Request, error) {
		return s.svc.Retry(c.ctx, c.actor(), c.r.PathValue("id"))
	})
}

func (s *Server) comment(c *call) error {
	var in Comment
	if err := decode(c, &in, false); err != nil {
		return err
	}
	if _, err := s.svc.Comment(c.ctx, c.actor(), c.r.PathValue("id"), in.Text); err != nil {
		return err
	}
	return s.respondRequest(c, http.StatusCreated, c.r.PathValue("id"))
}

// act runs one change and answers with the request as it now is.
func (s *Server) act(c *call, change func() (request.Request, error)) error {
	r, err := change()
	if err != nil {
		return err
	}
	return s.respondRequest(c, http.StatusOK, r.ID)
}
