package web

import "net/http"

// logout ends the session, for good: a copy of its cookie no longer works
// either. It is a POST, so another site cannot sign people out with a link.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if err := s.endSession(w, r); err != nil {
		return err
	}
	http.Redirect(w, r, "/login?signed_out=1", http.StatusSeeOther)
	return nil
}
