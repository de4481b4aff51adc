package web

import (
	"net/url"
	"path"
	"strings"
)

// localPath keeps next only when it is a path on this site, so that sign-in
// cannot be used to send people elsewhere; anything else becomes "/".
//
// Browsers are lenient with a Location: they drop tabs and newlines, read a
// backslash as a slash, and take "//host" as another site. So next must be
// printable ASCII without a backslash (the dashboard's own addresses are
// always escaped), must parse to a bare path with no scheme, host or user,
// and that path, raw and decoded, must start with exactly one slash and have
// no empty or dot segments.
func localPath(next string) string {
	if !printableASCII(next) || strings.Contains(next, `\`) {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return "/"
	}
	if !cleanPath(u.EscapedPath()) || !cleanPath(u.Path) || !printableASCII(u.Path) ||
		strings.Contains(u.Path, `\`) {
		return "/"
	}
	return next
}

// printableASCII reports whether s is made only of the characters from "!"
// to "~": no control character, space or anything beyond ASCII.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// cleanPath reports whether p starts with one slash and is already in its
// shortest form: no "//", "/./" or "/../" anywhere. A trailing slash is kept.
func cleanPath(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") {
		return false
	}
	want := path.Clean(p)
	if strings.HasSuffix(p, "/") && want != "/" {
		want += "/"
	}
	return p == want
}
