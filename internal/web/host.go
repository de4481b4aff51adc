package web

import (
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/latchhq/latch/internal/config"
)

// hostAllowed reports whether the dashboard answers a request addressed to
// r.Host. With the development sign-in on, only loopback names and
// base_url's host are answered: a web page whose DNS name is rebound to
// 127.0.0.1 reaches latch from the person's own browser with its own name as
// Host (and Origin, so the cross-site check passes), and must not be able to
// sign in as anyone. Otherwise every host is answered, as a proxy may rename.
func (s *Server) hostAllowed(r *http.Request) bool {
	if !s.web.DevLogin {
		return true
	}
	host := requestHost(r.Host)
	if host == "" {
		return false
	}
	return config.LoopbackHost(host) || strings.EqualFold(host, s.baseHost)
}

// requestHost is the name or address of a Host header, without port or
// brackets.
func requestHost(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		return h
	}
	return strings.TrimSuffix(strings.TrimPrefix(hostport, "["), "]")
}

// baseHost is the host of base URL u, without port or brackets.
func baseHost(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return p.Hostname()
}

// refuseHost answers a request for a name latch does not serve the
// dashboard under.
func (s *Server) refuseHost(w http.ResponseWriter, r *http.Request) {
	s.log.Warn("request for another host refused", "host", r.Host, "path", r.URL.Path)
	s.renderError(w, r, nil, http.StatusMisdirectedRequest,
		"This latch runs the development sign-in, so it answers only when opened at "+
			s.web.BaseURL+" or another loopback address, never under another name. "+
			"Open "+s.web.BaseURL+" directly.")
}
