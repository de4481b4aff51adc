package web

import "net/http"

// relinquish lets the requester give up their access early.
func (s *Server) relinquish(w http.ResponseWriter, r *http.Request, v *viewer) error {
	return s.act(w, r, v, "relinquished", func(id string) error {
		_, err := s.svc.Relinquish(r.Context(), v.actor(), id)
		return err
	})
}
