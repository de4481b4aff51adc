package web

import "net/http"

// revoke ends an active grant early, with the approver's reason.
func (s *Server) revoke(w http.ResponseWriter, r *http.Request, v *viewer) error {
	return s.act(w, r, v, "revoked", func(id string) error {
		_, err := s.svc.Revoke(r.Context(), v.actor(), id, r.PostFormValue("reason"))
		return err
	})
}
