package config

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// User finds a directory user by email, ignoring case.
func (c *Config) User(email string) (User, bool) {
	for _, u := range c.Directory.Users {
		if strings.EqualFold(u.Email, email) {
			return u, true
		}
	}
	return User{}, false
}

// Includes reports whether u is named by email (ignoring case) or belongs to
// one of the groups.
func (p Principals) Includes(u User) bool {
	if u.Email != "" && slices.ContainsFunc(p.Users, func(e string) bool {
		return strings.EqualFold(e, u.Email)
	}) {
		return true
	}
	return slices.ContainsFunc(u.Groups, func(g string) bool {
		return slices.Contains(p.Groups, g)
	})
}

// SQLitePath returns the database file of a "sqlite:PATH" store, and false
// for any other store.
func (c *Config) SQLitePath() (string, bool) {
	path, ok := strings.CutPrefix(c.Store.Reveal(), "sqlite:")
	if !ok {
		return "", false
	}
	return path, true
}

// Redacted returns the configuration as YAML with every secret shown as
// "[redacted]" and secret file fields shown as given, for printing.
func (c *Config) Redacted() ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(c); err != nil {
		return nil, fmt.Errorf("encode config: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encode config: %w", err)
	}
	return b.Bytes(), nil
}
