package export

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

// awkward are values that break naive TSV: separators, escapes, quotes,
// formula starts and text beyond ASCII.
var awkward = []string{
	"", "plain", "tab\there", "new\nline", "cr\rlf\r\n", `back\slash`, `\t literal`,
	`ends with \`, `"quoted"`, "'apostrophe", "''", "'", "=SUM(A1:A9)", "+1", "-2",
	"@cmd", "\tleading tab", "\rleading cr", "Grüße, 東京 🚀", "=HYPERLINK(\"x\")\t\n",
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	w := NewWriter(&buf)
	rows := [][]string{awkward, {"a", "b"}, awkward[3:]}
	for _, row := range rows {
		require.NoError(t, w.Write(row))
	}
	require.NoError(t, w.Flush())

	require.Equal(t, len(rows), strings.Count(buf.String(), "\n"), "one line per row")
	require.True(t, utf8.Valid(buf.Bytes()))
	r := NewReader(&buf)
	for _, want := range rows {
		got, err := r.Read()
		require.NoError(t, err)
		require.Equal(t, want, got)
	}
	_, err := r.Read()
	require.ErrorIs(t, err, io.EOF)
}

func TestEscapeNeutralizesFormulas(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"=1+1":     "'=1+1",
		"+1":       "'+1",
		"-1":       "'-1",
		"@SUM(A1)": "'@SUM(A1)",
		"\t=1":     `'\t=1`,
		"'x":       "''x",
		"a=b":      "a=b",
		"tab\tin":  `tab\tin`,
		`a\b`:      `a\\b`,
	} {
		require.Equal(t, want, Escape(in), "Escape(%q)", in)
		require.Equal(t, in, Unescape(want), "Unescape(%q)", want)
	}
}

// FuzzWriter checks that any row of valid UTF-8 values comes out as one line
// with the right number of fields, each reading back exactly, and that no
// field starts a formula.
func FuzzWriter(f *testing.F) {
	for i := 0; i+1 < len(awkward); i++ {
		f.Add(awkward[i], awkward[i+1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if !utf8.ValidString(a) || !utf8.ValidString(b) {
			t.Skip()
		}
		var buf bytes.Buffer
		w := NewWriter(&buf)
		if err := w.Write([]string{a, b}); err != nil {
			t.Fatal(err)
		}
		w.Flush()
		line := buf.String()
		if strings.Count(line, "\n") != 1 || !strings.HasSuffix(line, "\n") {
			t.Fatalf("row %q is not one line: %q", []string{a, b}, line)
		}
		fields := strings.Split(strings.TrimSuffix(line, "\n"), "\t")
		if len(fields) != 2 {
			t.Fatalf("row %q has %d fields: %q", []string{a, b}, len(fields), line)
		}
		for i, want := range []string{a, b} {
			if f := fields[i]; f != "" && strings.ContainsRune("=+-@", rune(f[0])) {
				t.Fatalf("field %q starts a formula", f)
			}
			if got := Unescape(fields[i]); got != want {
				t.Fatalf("field %d: wrote %q, read back %q", i, want, got)
			}
		}
	})
}
