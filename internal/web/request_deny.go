package web

import "net/http"

// deny refuses a pending request, with the approver's reason.
func (s *Server) deny(w http.ResponseWriter, r *http.Request, v *viewer) error {
	return s.act(w, r, v, "denied", func(id string) error {
		_, err := s.svc.Deny(r.Context(), v.actor(), id, r.PostFormValue("reason"))
		return err
	})
}
