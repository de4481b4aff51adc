package config

import (
	"net"
	"net/url"
	"strings"
	"time"
)

// Defaults of the dashboard's sessions.
const (
	DefaultSessionIdle     = Duration(time.Hour)
	DefaultSessionAbsolute = Duration(12 * time.Hour)
)

// minSessionKey is the shortest web.session_key accepted, in bytes.
const minSessionKey = 32

// Web configures the dashboard. Leaving the whole block out serves no
// dashboard; at least one of OIDC and DevLogin must be set otherwise.
type Web struct {
	// BaseURL is the address people open, such as https://latch.example.com.
	// It builds the OIDC redirect URL and decides whether cookies are Secure.
	// Default: http:// and the listen address.
	BaseURL string `yaml:"base_url"`
	// DevLogin offers a sign-in that lets anyone pick a directory user. It
	// is refused unless latch listens on a loopback address and BaseURL is
	// a loopback address too, and it answers only requests addressed to
	// loopback, so that no proxy or rebound DNS name can reach it.
	DevLogin bool `yaml:"dev_login"`
	// OIDC signs people in through an OpenID Connect provider.
	OIDC *OIDC `yaml:"oidc,omitempty"`
	// SessionKey signs and encrypts session cookies. When empty, latch
	// generates one at first start and keeps it in the store, so sessions
	// survive restarts and are shared by replicas.
	SessionKey     Secret `yaml:"session_key"`
	SessionKeyFile string `yaml:"session_key_file,omitempty"`
	// SessionIdle ends a session nobody used for this long; 1h by default.
	SessionIdle Duration `yaml:"session_idle"`
	// SessionAbsolute ends every session this long after sign-in, used or
	// not; 12h by default.
	SessionAbsolute Duration `yaml:"session_absolute"`
}

// OIDC is an OpenID Connect provider that latch signs people in with, by the
// authorization code flow with PKCE.
type OIDC struct {
	// Issuer is the provider's issuer URL, where discovery starts.
	Issuer   string `yaml:"issuer"`
	ClientID string `yaml:"client_id"`
	// ClientSecret is a secret; ClientSecretFile names a file holding it.
	ClientSecret     Secret `yaml:"client_secret"`
	ClientSecretFile string `yaml:"client_secret_file,omitempty"`
}

func (w *Web) applyDefaults(listen string) {
	setDefault(&w.BaseURL, "http://"+listen)
	w.BaseURL = strings.TrimRight(w.BaseURL, "/")
	setDefault(&w.SessionIdle, DefaultSessionIdle)
	setDefault(&w.SessionAbsolute, DefaultSessionAbsolute)
}

// Secure reports whether the dashboard is served over HTTPS, so that its
// cookies must be Secure.
func (w *Web) Secure() bool { return strings.HasPrefix(w.BaseURL, "https://") }

// webSecretSources lists the dashboard's secrets.
func (c *Config) webSecretSources() []secretSource {
	if c.Web == nil {
		return nil
	}
	out := []secretSource{{&c.Web.SessionKey, &c.Web.SessionKeyFile,
		"web.session_key", "LATCH_WEB_SESSION_KEY"}}
	if c.Web.OIDC != nil {
		out = append(out, secretSource{&c.Web.OIDC.ClientSecret, &c.Web.OIDC.ClientSecretFile,
			"web.oidc.client_secret", "LATCH_WEB_OIDC_CLIENT_SECRET"})
	}
	return out
}

func (c *Config) validateWeb(p *problems) {
	w := c.Web
	if w == nil {
		return
	}
	if !w.DevLogin && w.OIDC == nil {
		p.add("web", "no way to sign in: configure web.oidc, or web.dev_login on a loopback address")
	}
	if w.DevLogin && !LoopbackListen(c.Listen) {
		p.add("web.dev_login", "listen %q is not a loopback address: the development sign-in "+
			"lets anyone be anyone, so it runs only on 127.0.0.1 or ::1; turn it off or "+
			"listen on loopback", c.Listen)
	}
	u, err := url.Parse(w.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") ||
		u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		p.add("web.base_url", "%q is not an http(s) URL: write it as https://latch.example.com",
			w.BaseURL)
	} else if w.DevLogin && !LoopbackHost(u.Hostname()) {
		p.add("web.dev_login", "base_url %q is not a loopback address: people reach latch "+
			"through %s, perhaps a proxy, and the development sign-in would let any of them "+
			"sign in as anyone; turn dev_login off, or open latch at http://127.0.0.1, "+
			"http://[::1] or http://localhost", w.BaseURL, u.Host)
	}
	if k := w.SessionKey.Reveal(); k != "" && len(k) < minSessionKey {
		p.add("web.session_key", "too short (%d bytes): use at least %d random bytes, "+
			"for example from: openssl rand -base64 48", len(k), minSessionKey)
	}
	if w.SessionIdle <= 0 {
		p.add("web.session_idle", "must be positive, such as 1h")
	}
	if w.SessionAbsolute < w.SessionIdle {
		p.add("web.session_absolute", "%s is shorter than session_idle %s: raise it",
			w.SessionAbsolute, w.SessionIdle)
	}
	if o := w.OIDC; o != nil {
		if u, err := url.Parse(o.Issuer); err != nil || u.Scheme == "" || u.Host == "" {
			p.add("web.oidc.issuer", "%q is not a URL: write the provider's issuer, "+
				"such as https://accounts.google.com", o.Issuer)
		}
		if o.ClientID == "" {
			p.add("web.oidc.client_id", "required: the client id the provider gave latch")
		}
	}
}

// LoopbackListen reports whether a listen address accepts connections only
// from the machine itself: 127.0.0.0/8, ::1 or "localhost". An empty host
// listens everywhere and is not loopback.
func LoopbackListen(listen string) bool {
	host, _, err := net.SplitHostPort(listen)
	return err == nil && LoopbackHost(host)
}

// LoopbackHost reports whether host, a name or an IP address without port or
// brackets, always means the machine itself: 127.0.0.0/8, ::1 or
// "localhost". No other name counts, since DNS could point it anywhere.
func LoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
