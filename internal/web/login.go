package web

import (
	"net/http"

	"github.com/latchhq/latch/internal/config"
)

type loginView struct {
	Next      string
	OIDC      bool
	DevLogin  bool
	Users     []config.User
	SignedOut bool
}

// loginPage offers the configured ways to sign in.
func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) error {
	next := localPath(r.URL.Query().Get("next"))
	signedIn, err := s.session(w, r)
	if err != nil {
		return err
	}
	if signedIn != nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return nil
	}
	v := loginView{
		Next: next, OIDC: s.web.OIDC != nil, DevLogin: s.web.DevLogin,
		SignedOut: r.URL.Query().Get("signed_out") != "",
	}
	if v.DevLogin {
		v.Users = s.cfg.Directory.Users
	}
	return s.render(w, r, http.StatusOK, "login", page{Title: "Sign in", Data: v})
}
