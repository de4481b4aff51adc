package web

import "net/http"

// logout ends the session. It is a POST, so another site cannot sign
// people out with a link.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	s.clearCookie(w, "latch_session")
	http.Redirect(w, r, "/login?signed_out=1", http.StatusSeeOther)
	return nil
}
