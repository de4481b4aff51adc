package web

import (
	"cmp"
	"net/http"
	"strings"
)

// approve approves for the chosen expiry; a typed one wins over the select.
func (s *Server) approve(w http.ResponseWriter, r *http.Request, v *viewer) error {
	return s.act(w, r, v, "approved", func(id string) error {
		expiry := cmp.Or(strings.TrimSpace(r.PostFormValue("custom_expiry")),
			r.PostFormValue("expiry"))
		_, err := s.svc.Approve(r.Context(), v.actor(), id, expiry)
		return err
	})
}
