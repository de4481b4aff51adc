package web

import "net/http"

// comment adds to the request's discussion.
func (s *Server) comment(w http.ResponseWriter, r *http.Request, v *viewer) error {
	return s.act(w, r, v, "commented", func(id string) error {
		_, err := s.svc.Comment(r.Context(), v.actor(), id, r.PostFormValue("text"))
		return err
	})
}
