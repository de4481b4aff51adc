package web

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// oidcFlowTTL bounds how long a sign-in may take at the provider.
const oidcFlowTTL = 10 * time.Minute

// oidcClient is the discovered provider and latch's client at it.
type oidcClient struct {
	oauth    oauth2.Config
	verifier *oidc.IDTokenVerifier
}

// oidcFlow is one sign-in in progress, kept in a short-lived cookie between
// the redirect to the provider and the way back.
type oidcFlow struct {
	State, Nonce, Verifier, Next string
	Start                        int64
}

// provider discovers the OIDC provider at the first sign-in and keeps it, so
// that latch starts even while the provider is unreachable.
func (s *Server) provider(r *http.Request) (*oidcClient, error) {
	s.oidcMu.Lock()
	defer s.oidcMu.Unlock()
	if s.oidc != nil {
		return s.oidc, nil
	}
	o := s.web.OIDC
	p, err := oidc.NewProvider(r.Context(), o.Issuer)
	if err != nil {
		return nil, fmt.Errorf("discover OIDC provider %s: %w", o.Issuer, err)
	}
	s.oidc = &oidcClient{
		oauth: oauth2.Config{
			ClientID: o.ClientID, ClientSecret: o.ClientSecret.Reveal(),
			Endpoint:    p.Endpoint(),
			RedirectURL: s.web.BaseURL + "/login/callback",
			Scopes:      []string{oidc.ScopeOpenID, "email", "profile"},
		},
		verifier: p.Verifier(&oidc.Config{ClientID: o.ClientID}),
	}
	return s.oidc, nil
}

func randomString() string {
	var b [32]byte
	rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// oidcStart sends the browser to the provider with a fresh state, nonce and
// PKCE verifier.
func (s *Server) oidcStart(w http.ResponseWriter, r *http.Request) error {
	if s.web.OIDC == nil {
		return &badInput{"Single sign-on is not configured."}
	}
	c, err := s.provider(r)
	if err != nil {
		return err
	}

	f := oidcFlow{
		State: randomString(), Nonce: randomString(), Verifier: oauth2.GenerateVerifier(),
		Next: localPath(r.URL.Query().Get("next")), Start: s.now().Unix(),
	}
	if err := s.setCookie(w, "latch_oidc", f); err != nil {
		return err
	}

	u := c.oauth.AuthCodeURL(f.State, oidc.Nonce(f.Nonce), oauth2.S256ChallengeOption(f.Verifier))
	http.Redirect(w, r, u, http.StatusFound)
	return nil
}

// idClaims are the ID token claims latch reads.
type idClaims struct {
	Email         string `json:"email"`
	EmailVerified *bool  `json:"email_verified"`
	Nonce         string `json:"nonce"`
}

// oidcCallback finishes a sign-in: it checks the state, redeems the code
// with the PKCE verifier, verifies the ID token and its nonce, and signs in
// the directory user with the token's email.
func (s *Server) oidcCallback(w http.ResponseWriter, r *http.Request) error {
	var f oidcFlow
	q := r.URL.Query()
	if s.web.OIDC == nil || !s.readCookie(r, "latch_oidc", &f) || q.Get("state") != f.State ||
		s.now().Sub(time.Unix(f.Start, 0)) > oidcFlowTTL {
		return &badInput{"This sign-in link is stale or was not started here. Sign in again."}
	}
	s.clearCookie(w, "latch_oidc")
	if e := q.Get("error"); e != "" {
		return s.refuse(w, r, "", "The identity provider did not sign you in: "+e+".")
	}

	email, err := s.redeem(r, f, q.Get("code"))
	if err != nil {
		s.log.Warn("OIDC sign-in failed", "err", err)
		return s.refuse(w, r, "", "The identity provider's answer could not be verified. "+
			"Sign in again; if it keeps failing, ask a latch admin to check the server log.")
	}
	p, ok := s.svc.Directory().Person(email)
	if !ok {
		s.log.Warn("sign-in refused: not in the directory", "actor", email)
		return s.refuse(w, r, email, "")
	}

	if err := s.startSession(w, r, p.Email); err != nil {
		return err
	}
	s.log.Info("signed in", "actor", p.Email, "method", "oidc")
	http.Redirect(w, r, localPath(f.Next), http.StatusSeeOther)
	return nil
}

// redeem exchanges the code and returns the verified email of the ID token.
func (s *Server) redeem(r *http.Request, f oidcFlow, code string) (string, error) {
	c, err := s.provider(r)
	if err != nil {
		return "", err
	}
	tok, err := c.oauth.Exchange(r.Context(), code, oauth2.VerifierOption(f.Verifier))
	if err != nil {
		return "", fmt.Errorf("exchange code: %w", err)
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok {
		return "", errors.New("token response has no id_token")
	}
	idt, err := c.verifier.Verify(r.Context(), raw)
	if err != nil {
		return "", fmt.Errorf("verify ID token: %w", err)
	}
	var claims idClaims
	if err := idt.Claims(&claims); err != nil {
		return "", fmt.Errorf("read ID token claims: %w", err)
	}
	switch {
	case claims.Nonce != f.Nonce:
		return "", errors.New("ID token nonce does not match")
	case claims.Email == "":
		return "", errors.New("ID token has no email claim")
	case claims.EmailVerified != nil && !*claims.EmailVerified:
		return "", fmt.Errorf("email %s is not verified by the provider", claims.Email)
	}
	return claims.Email, nil
}

type refusedView struct {
	Email   string
	Message string
}

// refuse shows why a sign-in did not work.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, email, msg string) error {
	return s.render(w, r, http.StatusForbidden, "refused",
		page{Title: "Not signed in", Data: refusedView{Email: email, Message: msg}})
}
