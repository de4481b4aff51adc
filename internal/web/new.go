package web

import (
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/latchhq/latch/internal/duration"
	"github.com/latchhq/latch/internal/integration"
	"github.com/latchhq/latch/internal/lifecycle"
	"github.com/latchhq/latch/internal/request"
)

type newView struct {
	Resources     []integration.ResourceInfo
	Durations     []string
	RequireReason bool
	// Form is what was typed, kept when the request is refused.
	Form  url.Values
	Error string
}

// newPage offers the resources the viewer may request.
func (s *Server) newPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	return s.renderNew(w, r, v, http.StatusOK, url.Values{"duration": {"1h"}}, "")
}

func (s *Server) renderNew(w http.ResponseWriter, r *http.Request, v *viewer, status int,
	form url.Values, msg string) error {
	nv := newView{
		Resources: s.svc.Integrations().Resources(), RequireReason: s.cfg.Approvals.RequireReason,
		Form: form, Error: msg,
	}
	for _, d := range s.cfg.Approvals.ExpiryOptions {
		nv.Durations = append(nv.Durations, duration.Format(time.Duration(d)))
	}
	return s.render(w, r, status, "new", page{Title: "New request", Viewer: v.view(), Nav: "new",
		Data: nv})
}

// createRequest records the request and opens its drawer.
func (s *Server) createRequest(w http.ResponseWriter, r *http.Request, v *viewer) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		return &badInput{"The form could not be read: " + err.Error()}
	}

	req, err := s.svc.Create(r.Context(), v.actor(), lifecycle.CreateInput{
		Resource: r.PostFormValue("resource"), Reason: r.PostFormValue("reason"),
		Duration: r.PostFormValue("duration"),
	})
	if errors.Is(err, request.ErrInvalid) || errors.Is(err, request.ErrForbidden) {
		status, msg := s.statusOf(r, err)
		return s.renderNew(w, r, v, status, r.PostForm, msg)
	}
	if err != nil {
		return err
	}

	http.Redirect(w, r, "/requests/"+url.PathEscape(req.ID)+"?notice=created",
		http.StatusSeeOther)
	return nil
}
