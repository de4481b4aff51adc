package web

import "testing"

func TestLocalPath(t *testing.T) {
	t.Parallel()
	cases := []struct{ next, want string }{
		// Kept: paths of the dashboard, with their queries.
		{"/", "/"},
		{"/new", "/new"},
		{"/requests/r_123", "/requests/r_123"},
		{"/requests/", "/requests/"},
		{"/?status=pending&q=a%20b", "/?status=pending&q=a%20b"},
		{"/?next=//evil.example", "/?next=//evil.example"},
		{"/export.tsv?text=https%3A%2F%2Fx", "/export.tsv?text=https%3A%2F%2Fx"},
		{"/requests/r_1#comments", "/requests/r_1#comments"},

		// Another site, by slashes.
		{"", "/"},
		{"//evil.example", "/"},
		{"///evil.example", "/"},
		{"////evil.example/x", "/"},
		{"/%2F/evil.example", "/"},
		{"/%2f%2fevil.example", "/"},
		{"/%2F%2Fevil.example", "/"},
		{"/./evil.example", "/"},
		{"/.//evil.example", "/"},
		{"/..//evil.example", "/"},
		{"/a/../../evil.example", "/"},
		{"/%2e%2e//evil.example", "/"},

		// Backslashes, which browsers read as slashes.
		{`/\evil.example`, "/"},
		{`\\evil.example`, "/"},
		{`/\/evil.example`, "/"},
		{"/%5Cevil.example", "/"},
		{"/%5c%5cevil.example", "/"},

		// Whitespace and control characters, which browsers drop.
		{"/\t/evil.example/x", "/"},
		{"\t//evil.example", "/"},
		{"/%09/evil.example/x", "/"},
		{"/%0A/evil.example", "/"},
		{"/%0d%0a/evil.example", "/"},
		{"/\r\n/evil.example", "/"},
		{"/\n/evil.example", "/"},
		{"/ /evil.example", "/"},
		{" //evil.example", "/"},
		{"/%20/evil.example", "/"},
		{"/\x00/evil.example", "/"},
		{"/%00/evil.example", "/"},
		{"/\x0b/evil.example", "/"},
		{"/\x0c/evil.example", "/"},
		{"/\x7f/evil.example", "/"},
		{"/\u00a0/evil.example", "/"},
		{"/\u2028/evil.example", "/"},
		{"/\u3000/evil.example", "/"},
		{"/\ufeff/evil.example", "/"},
		{"/%C2%A0/evil.example", "/"},

		// Schemes, users and hosts.
		{"https://evil.example", "/"},
		{"https:evil.example", "/"},
		{"https:/evil.example", "/"},
		{"https:", "/"},
		{"HTTPS://evil.example", "/"},
		{"javascript:alert(1)", "/"},
		{"JavaScript:alert(1)", "/"},
		{"data:text/html,<script>alert(1)</script>", "/"},
		{"//user@evil.example", "/"},
		{"evil.example", "/"},
		{"evil.example/x", "/"},
		{"@evil.example", "/"},

		// Look-alike slashes and other Unicode.
		{"/\uff0f/evil.example", "/"}, // fullwidth solidus
		{"/\u2215/evil.example", "/"}, // division slash
		{"/\u2044/evil.example", "/"}, // fraction slash
		{"/\uff3c/evil.example", "/"}, // fullwidth reverse solidus
		{"\u3002/evil.example", "/"},  // ideographic full stop
		{"/\u202e/evil.example", "/"}, // right-to-left override
		{"/\xff/evil.example", "/"},   // not UTF-8
		{"/%EF%BC%8F/evil.example", "/"},
	}
	for _, tc := range cases {
		if got := localPath(tc.next); got != tc.want {
			t.Errorf("localPath(%q) = %q, want %q", tc.next, got, tc.want)
		}
	}
}
