package integration

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDatabaseUser(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		mode   string
		prefix string
		email  string
		want   string
		err    string
	}{
		{name: "local part by default", email: "ada@example.com", want: "ada"},
		{name: "local part", mode: "local_part", email: "ada.l@example.com", want: "ada.l"},
		{name: "whole email", mode: "email", email: "ada@example.com", want: "ada@example.com"},
		{name: "prefix", prefix: "u_", email: "ada@example.com", want: "u_ada"},
		{name: "lower-cased", prefix: "U_", email: "Ada@Example.com", want: "u_ada"},
		{name: "digit first with prefix", prefix: "u_", email: "1ada@x.io", want: "u_1ada"},
		{name: "digit first", email: "1ada@x.io", err: "not a plain identifier"},
		{name: "quote", email: `x";drop role postgres;--@example.com`, err: "not a plain identifier"},
		{name: "space", email: "a b@example.com", err: "not a plain identifier"},
		{name: "kelvin sign", email: "\u212Aate@example.com", err: "not a plain identifier"},
		{name: "non-ascii", email: "zoë@example.com", err: "not a plain identifier"},
		{name: "63 bytes", email: strings.Repeat("a", 63) + "@x.io", want: strings.Repeat("a", 63)},
		{name: "64 bytes", email: strings.Repeat("a", 64) + "@x.io", err: "not a plain identifier"},
		{name: "no at", email: "ada", err: "not an email address"},
		{name: "empty local part", email: "@example.com", err: "not an email address"},
		{name: "empty domain", email: "ada@", err: "not an email address"},
		{name: "two ats", email: "a@b@example.com", err: "not an email address"},
		{name: "empty", email: "", err: "not an email address"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m, err := newUserMapping(tt.mode, tt.prefix)
			require.NoError(t, err)

			got, err := m.databaseUser(tt.email)

			if tt.err != "" {
				require.ErrorContains(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}
