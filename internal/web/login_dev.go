package web

import (
	"net/http"
)

// devLogin signs in as any directory user, for trying latch out on one's own
// machine. It exists only when web.dev_login is on, which configuration
// validation and New allow only on a loopback listen address.
func (s *Server) devLogin(w http.ResponseWriter, r *http.Request) error {
	if !s.web.DevLogin {
		return &badInput{"The development sign-in is off: sign in with your identity provider."}
	}
	email := r.PostFormValue("email")

	p, ok := s.svc.Directory().Person(email)
	if !ok {
		return &badInput{"Pick a person from the directory."}
	}

	if err := s.startSession(w, r, p.Email); err != nil {
		return err
	}
	s.log.Info("signed in", "actor", p.Email, "method", "dev")
	http.Redirect(w, r, localPath(r.PostFormValue("next")), http.StatusSeeOther)
	return nil
}
