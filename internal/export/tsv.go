// Package export writes requests as TSV, the format that the dashboard's
// Export button, GET /api/v1/export and "latch export" all produce.
//
// The format: UTF-8, one header row, then one line per request, fields
// separated by a tab and lines ended by "\n". Inside a value, a backslash is
// written `\\`, a tab `\t`, a newline `\n` and a carriage return `\r`, so
// that every request is exactly one line. A value that a spreadsheet would
// run as a formula (one starting with "=", "+", "-", "@", a tab or a
// carriage return) is written with a leading apostrophe, which spreadsheets
// hide and which makes them show the value as text; so that this stays
// reversible, a value that itself starts with an apostrophe gets one too.
// Reader undoes both.
package export

import (
	"bufio"
	"io"
	"strings"
)

// Writer writes TSV rows to a buffered stream.
type Writer struct {
	w *bufio.Writer
	// line is the row being written, kept for the next row.
	line []byte
}

// NewWriter returns a Writer on w. Call Flush at the end.
func NewWriter(w io.Writer) *Writer {
	return &Writer{w: bufio.NewWriterSize(w, 256<<10)}
}

// Write writes one row.
func (w *Writer) Write(row []string) error {
	w.line = w.line[:0]
	for i, v := range row {
		if i > 0 {
			w.line = append(w.line, '\t')
		}
		w.line = appendField(w.line, v)
	}
	return w.endLine()
}

// endLine ends the row in w.line and hands it to the buffer.
func (w *Writer) endLine() error {
	w.line = append(w.line, '\n')
	_, err := w.w.Write(w.line)
	return err
}

// Flush writes out anything buffered.
func (w *Writer) Flush() error { return w.w.Flush() }

// formulaStarts are first characters that make a spreadsheet treat a cell as
// a formula, plus the apostrophe that marks a neutralized one.
const formulaStarts = "=+-@\t\r'"

// Escape returns v as one TSV field: neutralized when a spreadsheet would run
// it, with its backslashes, tabs, newlines and carriage returns escaped.
func Escape(v string) string {
	return string(appendField(nil, v))
}

// appendField appends v to dst as Escape writes it. Runs of characters that
// need no escape are copied whole.
func appendField[S string | []byte](dst []byte, v S) []byte {
	if len(v) > 0 && strings.IndexByte(formulaStarts, v[0]) >= 0 {
		dst = append(dst, '\'')
	}
	run := 0
	for i := 0; i < len(v); i++ {
		var esc byte
		switch v[i] {
		case '\\':
			esc = '\\'
		case '\t':
			esc = 't'
		case '\n':
			esc = 'n'
		case '\r':
			esc = 'r'
		default:
			continue
		}
		dst = append(append(dst, v[run:i]...), '\\', esc)
		run = i + 1
	}
	return append(dst, v[run:]...)
}

// Unescape reverses Escape.
func Unescape(field string) string {
	var b strings.Builder
	b.Grow(len(field))
	for i := 0; i < len(field); i++ {
		c := field[i]
		if c != '\\' || i+1 == len(field) {
			b.WriteByte(c)
			continue
		}
		i++
		switch field[i] {
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		default:
			b.WriteByte(field[i])
		}
	}
	v := b.String()
	if len(v) > 1 && v[0] == '\'' && strings.IndexByte(formulaStarts, v[1]) >= 0 {
		v = v[1:]
	}
	return v
}

// Reader reads TSV written by Writer, one row at a time.
type Reader struct {
	s *bufio.Scanner
}

// NewReader returns a Reader on r.
func NewReader(r io.Reader) *Reader {
	s := bufio.NewScanner(r)
	s.Buffer(make([]byte, 64<<10), 64<<20)
	return &Reader{s: s}
}

// Read returns the next row, or io.EOF after the last.
func (r *Reader) Read() ([]string, error) {
	if !r.s.Scan() {
		if err := r.s.Err(); err != nil {
			return nil, err
		}
		return nil, io.EOF
	}
	fields := strings.Split(r.s.Text(), "\t")
	for i, f := range fields {
		fields[i] = Unescape(f)
	}
	return fields, nil
}
