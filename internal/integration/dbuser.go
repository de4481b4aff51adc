package integration

import (
	"fmt"
	"regexp"
	"strings"
)

// dbUserPattern is what a mapped database user must look like: a plain,
// lower-case PostgreSQL identifier of at most 63 bytes.
var dbUserPattern = regexp.MustCompile(`^[a-z_][a-z0-9_.@-]{0,62}$`)

// userMapping turns a person's email into their database user name.
type userMapping struct {
	// whole is true for "email", false for "local_part".
	whole  bool
	prefix string
}

// newUserMapping checks the configured mode ("local_part" when empty) and
// prefix.
func newUserMapping(mode, prefix string) (userMapping, error) {
	m := userMapping{prefix: prefix}
	switch mode {
	case "", "local_part":
	case "email":
		m.whole = true
	default:
		return userMapping{}, fmt.Errorf("unknown user mapping %q: want local_part or email", mode)
	}

	if prefix != "" && !isSafeUser(prefix) {
		return userMapping{}, fmt.Errorf("user prefix %q is not a plain identifier", prefix)
	}
	return m, nil
}

// databaseUser maps email to a validated, lower-cased database user name.
func (m userMapping) databaseUser(email string) (string, error) {
	at := strings.IndexByte(email, '@')
	if at <= 0 || at == len(email)-1 || strings.Count(email, "@") != 1 {
		return "", fmt.Errorf("user %q is not an email address", email)
	}

	name := email[:at]
	if m.whole {
		name = email
	}
	name = m.prefix + name
	if !isSafeUser(name) {
		return "", fmt.Errorf("database user %q for %q is not a plain identifier", name, email)
	}
	return strings.ToLower(name), nil
}

// isSafeUser reports whether s, lower-cased, matches dbUserPattern. Only ASCII
// is accepted before lower-casing, since strings.ToLower maps some other
// letters (the Kelvin sign, for one) onto ASCII ones, which would let two
// different addresses share one database user.
func isSafeUser(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return dbUserPattern.MatchString(strings.ToLower(s))
}
