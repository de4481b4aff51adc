package config

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestWebValidation(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		yaml string
		env  map[string]string
		want string // "" for valid
	}{
		{"dev login on loopback", "listen: 127.0.0.1:8080\nweb: {dev_login: true}\n", nil, ""},
		{"dev login on ::1", "listen: '[::1]:8080'\nweb: {dev_login: true}\n", nil, ""},
		{"dev login everywhere", "listen: 0.0.0.0:8080\nweb: {dev_login: true}\n", nil,
			"web.dev_login: listen \"0.0.0.0:8080\" is not a loopback address"},
		{"dev login moved off loopback by the environment", "web: {dev_login: true}\n",
			map[string]string{"LATCH_LISTEN": "10.0.0.5:8080"}, "web.dev_login"},
		{"dev login at localhost", "listen: 127.0.0.1:8080\n" +
			"web: {dev_login: true, base_url: 'http://localhost:8080'}\n", nil, ""},
		{"dev login at 127.0.0.2", "listen: 127.0.0.1:8080\n" +
			"web: {dev_login: true, base_url: 'http://127.0.0.2:8080/'}\n", nil, ""},
		{"dev login at [::1]", "listen: '[::1]:8080'\n" +
			"web: {dev_login: true, base_url: 'http://[::1]:8080'}\n", nil, ""},
		{"dev login behind a proxy", "listen: 127.0.0.1:8080\n" +
			"web: {dev_login: true, base_url: 'https://latch.example.com'}\n", nil,
			"web.dev_login: base_url \"https://latch.example.com\" is not a loopback address"},
		{"dev login at a name", "listen: 127.0.0.1:8080\n" +
			"web: {dev_login: true, base_url: 'http://latch.internal:8080'}\n", nil,
			"web.dev_login: base_url"},
		{"dev login at a localhost look-alike", "listen: 127.0.0.1:8080\n" +
			"web: {dev_login: true, base_url: 'http://localhost.evil.example:8080'}\n", nil,
			"web.dev_login: base_url"},
		{"dev login at a private address", "listen: 127.0.0.1:8080\n" +
			"web: {dev_login: true, base_url: 'http://10.0.0.5:8080'}\n", nil,
			"web.dev_login: base_url"},
		{"oidc behind a proxy", "listen: 127.0.0.1:8080\nweb: {base_url: " +
			"'https://latch.example.com', oidc: {issuer: 'https://id.example.com', client_id: latch}}\n",
			nil, ""},
		{"no sign-in", "web: {}\n", nil, "web: no way to sign in"},
		{"oidc", "web: {oidc: {issuer: 'https://id.example.com', client_id: latch}}\n", nil, ""},
		{"oidc without client", "web: {oidc: {issuer: 'https://id.example.com'}}\n", nil,
			"web.oidc.client_id: required"},
		{"short session key", "web: {dev_login: true, session_key: short}\n", nil,
			"web.session_key: too short"},
		{"absolute under idle", "web: {dev_login: true, session_idle: 2h, session_absolute: 1h}\n",
			nil, "web.session_absolute"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			path := writeFile(t, "latch.yaml", minimal+tc.yaml)
			_, err := LoadWith(path, env(tc.env))
			if tc.want == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorContains(t, err, tc.want)
		})
	}
}

func TestWebSecretsFromEnvironment(t *testing.T) {
	t.Parallel()
	key := strings.Repeat("k", 40)
	path := writeFile(t, "latch.yaml", minimal+
		"web: {oidc: {issuer: 'https://id.example.com', client_id: latch}}\n")
	c, err := LoadWith(path, env(map[string]string{
		"LATCH_WEB_SESSION_KEY": key, "LATCH_WEB_OIDC_CLIENT_SECRET": "hunter2",
	}))
	require.NoError(t, err)
	require.Equal(t, key, c.Web.SessionKey.Reveal())
	require.Equal(t, "hunter2", c.Web.OIDC.ClientSecret.Reveal())
	require.Equal(t, "http://127.0.0.1:8080", c.Web.BaseURL)
	require.False(t, c.Web.Secure())
}

func TestLoopbackHost(t *testing.T) {
	t.Parallel()
	for host, want := range map[string]bool{
		"localhost": true, "LOCALHOST": true, "127.0.0.1": true, "127.8.9.10": true,
		"::1": true, "": false, "0.0.0.0": false, "::": false, "10.0.0.1": false,
		"latch.example.com": false, "localhost.evil.example": false, "evil.localhost": false,
		"localhost.": false, "[::1]": false, "127.0.0.1:80": false, "2130706433": false,
	} {
		if got := LoopbackHost(host); got != want {
			t.Errorf("LoopbackHost(%q) = %v, want %v", host, got, want)
		}
	}
}
