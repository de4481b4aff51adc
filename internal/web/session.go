package web

import (
	"crypto/sha256"
	"crypto/sha512"
	"fmt"
	"net/http"
	"time"

	"github.com/gorilla/securecookie"

	"github.com/latchhq/latch/internal/store"
)

// sessionData is what the session cookie holds, signed and encrypted.
type sessionData struct {
	// ID is the session's random secret; the store keeps the sessions that
	// are signed in by it, so that signing out ends one everywhere.
	ID    string
	Email string
	// Start is when the person signed in; Seen when they last used latch.
	// Both are Unix seconds.
	Start, Seen int64
}

// touchEvery is how stale Seen may get before the cookie is written again,
// so that not every page view sets a cookie.
const touchEvery = time.Minute

// newCookieCodec derives the signing and encryption keys from secret.
func newCookieCodec(secret []byte, maxAge time.Duration) *securecookie.SecureCookie {
	hashKey := sha512.Sum512(append([]byte("latch web session signing\x00"), secret...))
	blockKey := sha256.Sum256(append([]byte("latch web session encryption\x00"), secret...))
	c := securecookie.New(hashKey[:], blockKey[:])
	c.MaxAge(int(maxAge / time.Second))
	return c
}

// cookieName is the session cookie's name. Over HTTPS it takes the __Host-
// prefix, which browsers accept only Secure, host-only and for path "/".
func (s *Server) cookieName(base string) string {
	if s.web.Secure() {
		return "__Host-" + base
	}
	return base
}

// setCookie writes a cookie with the dashboard's attributes: HttpOnly,
// SameSite=Lax, and Secure over HTTPS. It lives until the browser closes;
// the value carries its own expiry.
func (s *Server) setCookie(w http.ResponseWriter, base string, v any) error {
	enc, err := s.cookies.Encode(base, v)
	if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{
		Name: s.cookieName(base), Value: enc, Path: "/",
		HttpOnly: true, Secure: s.web.Secure(), SameSite: http.SameSiteLaxMode,
	})
	return nil
}

func (s *Server) clearCookie(w http.ResponseWriter, base string) {
	http.SetCookie(w, &http.Cookie{
		Name: s.cookieName(base), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.web.Secure(), SameSite: http.SameSiteLaxMode,
	})
}

func (s *Server) readCookie(r *http.Request, base string, v any) bool {
	c, err := r.Cookie(s.cookieName(base))
	if err != nil {
		return false
	}
	return s.cookies.Decode(base, c.Value, v) == nil
}

// startSession signs email in: it records a new session in the store, valid
// until the absolute timeout, and gives its id to the browser.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, email string) error {
	now := s.now()
	ws := store.WebSession{ID: randomString(), User: email, CreatedAt: now,
		ExpiresAt: now.Add(time.Duration(s.web.SessionAbsolute))}
	if err := s.store.CreateWebSession(r.Context(), ws); err != nil {
		return fmt.Errorf("sign in %s: %w", email, err)
	}
	return s.setCookie(w, "latch_session",
		sessionData{ID: ws.ID, Email: email, Start: now.Unix(), Seen: now.Unix()})
}

// session returns the signed-in viewer, or nil when there is none. A session
// past its idle or absolute timeout, signed out, or whose person has left
// the directory, is ended.
func (s *Server) session(w http.ResponseWriter, r *http.Request) (*viewer, error) {
	var d sessionData
	if !s.readCookie(r, "latch_session", &d) || d.ID == "" {
		return nil, nil
	}
	now := s.now()
	idle := time.Duration(s.web.SessionIdle)
	absolute := time.Duration(s.web.SessionAbsolute)
	if now.Sub(time.Unix(d.Seen, 0)) > idle || now.Sub(time.Unix(d.Start, 0)) > absolute {
		s.clearCookie(w, "latch_session")
		return nil, nil
	}

	ws, ok, err := s.store.WebSession(r.Context(), d.ID, now)
	if err != nil {
		return nil, err
	}
	p, known := s.svc.Directory().Person(d.Email)
	if !ok || ws.User != d.Email || !known {
		s.clearCookie(w, "latch_session")
		return nil, nil
	}

	if now.Sub(time.Unix(d.Seen, 0)) > touchEvery {
		d.Seen = now.Unix()
		if err := s.setCookie(w, "latch_session", d); err != nil {
			s.log.Error("refresh session", "err", err)
		}
	}
	return &viewer{person: p}, nil
}

// endSession signs the browser's session out, in the store as well as in
// the browser, so that a copy of the cookie no longer works either.
func (s *Server) endSession(w http.ResponseWriter, r *http.Request) error {
	s.clearCookie(w, "latch_session")
	var d sessionData
	if !s.readCookie(r, "latch_session", &d) || d.ID == "" {
		return nil
	}
	if err := s.store.DeleteWebSession(r.Context(), d.ID); err != nil {
		return fmt.Errorf("sign out %s: %w", d.Email, err)
	}
	s.log.Info("signed out", "actor", d.Email)
	return nil
}
