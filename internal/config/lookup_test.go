package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestUser(t *testing.T) {
	t.Parallel()
	c := mustLoad(t, minimal)
	tests := []struct {
		email string
		want  string
		found bool
	}{
		{"alice@example.com", "alice@example.com", true},
		{"ALICE@Example.COM", "alice@example.com", true},
		{"bob@example.com", "bob@example.com", true},
		{"eve@example.com", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		u, ok := c.User(tt.email)
		assert.Equal(t, tt.found, ok, tt.email)
		assert.Equal(t, tt.want, u.Email, tt.email)
	}
}

func TestPrincipalsIncludes(t *testing.T) {
	t.Parallel()
	alice := User{Email: "alice@example.com", Groups: []string{"engineering", "oncall"}}
	tests := []struct {
		name string
		p    Principals
		want bool
	}{
		{"by email", Principals{Users: []string{"alice@example.com"}}, true},
		{"by email, any case", Principals{Users: []string{"Alice@EXAMPLE.com"}}, true},
		{"by group", Principals{Groups: []string{"sre", "oncall"}}, true},
		{"neither", Principals{Users: []string{"bob@example.com"}, Groups: []string{"sre"}}, false},
		{"empty", Principals{}, false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.p.Includes(alice), tt.name)
	}
	assert.False(t, Principals{Users: []string{""}}.Includes(User{}), "an empty email matches nobody")
}

func TestSQLitePath(t *testing.T) {
	t.Parallel()
	tests := []struct {
		store Secret
		want  string
		ok    bool
	}{
		{"sqlite:./latch.db", "./latch.db", true},
		{"sqlite:/var/lib/latch.db", "/var/lib/latch.db", true},
		{"postgres://db/latch", "", false},
	}
	for _, tt := range tests {
		path, ok := (&Config{Store: tt.store}).SQLitePath()
		assert.Equal(t, tt.ok, ok, tt.store.Reveal())
		assert.Equal(t, tt.want, path, tt.store.Reveal())
	}
}
