package api

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"net/http"
	"strings"

	"github.com/latchhq/latch/internal/lifecycle"
	"github.com/latchhq/latch/internal/policy"
	"github.com/latchhq/latch/internal/request"
)

// TokenPrefix starts every API token, so that leaked tokens are easy to find.
const TokenPrefix = "latch_"

// NewToken returns a fresh token secret and the hash under which it is
// stored. The secret is shown once and never stored.
func NewToken() (secret, hash string) {
	var b [32]byte
	rand.Read(b[:])
	secret = TokenPrefix + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).
		EncodeToString(b[:]))
	return secret, HashToken(secret)
}

// HashToken is how a token is stored and looked up. Tokens are 256 random
// bits, so a plain SHA-256 is enough: there is nothing to guess.
func HashToken(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// call is one authenticated API call.
type call struct {
	w      http.ResponseWriter
	r      *http.Request
	ctx    context.Context
	person policy.Person
	source request.Source
}

func (c *call) actor() lifecycle.Actor {
	return lifecycle.Actor{Person: c.person, Source: c.source}
}

// detailed reports whether the caller sees target systems' error texts.
func (c *call) detailed() bool {
	return c.person.Approver || c.person.Admin || c.person.Auditor
}

type handlerFunc func(*call) error

// authenticated finds the caller from their bearer token, then runs fn. A
// token whose user has left the directory no longer works.
func (s *Server) authenticated(fn handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := s.caller(r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		c := &call{w: w, r: r, ctx: r.Context(), person: p, source: request.SourceAPI}
		if strings.HasPrefix(r.UserAgent(), "latch-cli") {
			c.source = request.SourceCLI
		}
		if err := fn(c); err != nil {
			s.writeError(w, r, err)
		}
	})
}

func (s *Server) caller(r *http.Request) (policy.Person, error) {
	unauth := func(msg string) error {
		return &request.Error{Kind: request.ErrUnauthenticated, Message: msg}
	}
	h := r.Header.Get("Authorization")
	if h == "" {
		return policy.Person{}, unauth("missing bearer token: send Authorization: Bearer TOKEN " +
			"(an admin makes tokens with \"latch token create\")")
	}
	secret, ok := strings.CutPrefix(h, "Bearer ")
	if !ok {
		return policy.Person{}, unauth("malformed Authorization header: use Bearer " +
			TokenPrefix + "...")
	}
	if !strings.HasPrefix(secret, TokenPrefix) {
		return policy.Person{}, unauth("unknown token: latch tokens start with " +
			TokenPrefix + "; ask an admin for one")
	}
	tok, found, err := s.store.TokenByHash(r.Context(), HashToken(secret))
	if err != nil {
		return policy.Person{}, err
	}
	if !found {
		return policy.Person{}, unauth("unknown token: ask an admin for a new one")
	}
	p, ok := s.svc.Directory().Person(tok.User)
	if !ok {
		return policy.Person{}, unauth("the token's user " + tok.User +
			" is no longer in the directory")
	}
	return p, nil
}
