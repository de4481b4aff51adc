package web

import "net/http"

// cancel withdraws the requester's pending request.
func (s *Server) cancel(w http.ResponseWriter, r *http.Request, v *viewer) error {
	return s.act(w, r, v, "canceled", func(id string) error {
		_, err := s.svc.Cancel(r.Context(), v.actor(), id)
		return err
	})
}
