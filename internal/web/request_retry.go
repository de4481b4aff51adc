package web

import "net/http"

// retry takes up an errored request again (admins).
func (s *Server) retry(w http.ResponseWriter, r *http.Request, v *viewer) error {
	return s.act(w, r, v, "retried", func(id string) error {
		_, err := s.svc.Retry(r.Context(), v.actor(), id)
		return err
	})
}
