package export

import (
	"context"
	"fmt"
	"io"
	"iter"
	"strings"
	"time"

	"github.com/latchhq/latch/internal/duration"
	"github.com/latchhq/latch/internal/request"
	"github.com/latchhq/latch/internal/store"
)

// Columns is the header row, in order.
var Columns = []string{
	"id", "requested_at", "requester", "resource", "reason", "status",
	"requested_duration", "approved_duration", "approved_by", "approved_at",
	"denied_by", "denied_at", "granted_at", "ends_at", "ended_at", "ended_by",
	"end_reason", "error", "notes", "comments", "slack_link",
}

// Record turns a row into its TSV values, in Columns order. Times are RFC
// 3339 in UTC, durations as latch writes them ("1h", "1d"). Comments are
// "TIME AUTHOR: TEXT", oldest first, one a line; notes, the reasons given
// with a denial or an early end, likewise ("TIME AUTHOR: denied: TEXT",
// "TIME AUTHOR: revoke: TEXT"). slack_link is the approval
// message's permalink, empty for a request never posted to Slack.
func Record(row store.ExportRow) []string {
	r := row.Request
	return []string{
		r.ID, stamp(r.CreatedAt), r.Requester, r.Resource, r.Reason, string(r.Status),
		span(r.RequestedDuration), span(r.ApprovedDuration), r.ApprovedBy, stamp(r.ApprovedAt),
		r.DeniedBy, stamp(r.DeniedAt), stamp(r.GrantedAt), stamp(r.EndsAt), stamp(r.EndedAt),
		r.EndedBy, string(r.EndReason), r.Error, comments(row.Notes), comments(row.Comments),
		r.SlackLink,
	}
}

func comments(cs []store.Comment) string {
	var b strings.Builder
	for i, c := range cs {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "%s %s: %s", stamp(c.At), c.Actor, noteText(c))
	}
	return b.String()
}

// noteText is an entry's text, saying "denied" for a denial's reason (an
// early end's already says revoke or relinquish).
func noteText(c store.Comment) string {
	if c.Kind == request.KindDenied {
		return "denied: " + c.Message
	}
	return c.Message
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func span(d time.Duration) string {
	if d == 0 {
		return ""
	}
	return duration.Format(d)
}

// Write writes the header and then each row as it comes, and returns how many
// rows it wrote. It stops at the first error, from the rows or from w.
func Write(ctx context.Context, w io.Writer, rows iter.Seq2[store.ExportRow, error]) (int,
	error) {
	rw := recordWriter{w: NewWriter(w)}
	if err := rw.w.Write(Columns); err != nil {
		return 0, err
	}
	n := 0
	for row, err := range rows {
		if err != nil {
			return n, err
		}
		if err := rw.write(row); err != nil {
			return n, err
		}
		n++
	}
	if err := ctx.Err(); err != nil {
		return n, err
	}
	return n, rw.w.Flush()
}

// recordWriter writes rows as Record gives them, appending each value
// straight into the line instead of building strings: the export of a
// million rows spent as long on those strings and their garbage as on
// reading the rows.
type recordWriter struct {
	w *Writer
	// scratch holds a time or the comments before they are escaped.
	scratch []byte
	// spans remembers formatted durations, of which there are few.
	spans map[time.Duration]string
}

func (rw *recordWriter) write(row store.ExportRow) error {
	r := &row.Request
	rw.w.line = rw.w.line[:0]
	rw.text(r.ID)
	rw.stamp(r.CreatedAt)
	rw.text(r.Requester)
	rw.text(r.Resource)
	rw.text(r.Reason)
	rw.text(string(r.Status))
	rw.span(r.RequestedDuration)
	rw.span(r.ApprovedDuration)
	rw.text(r.ApprovedBy)
	rw.stamp(r.ApprovedAt)
	rw.text(r.DeniedBy)
	rw.stamp(r.DeniedAt)
	rw.stamp(r.GrantedAt)
	rw.stamp(r.EndsAt)
	rw.stamp(r.EndedAt)
	rw.text(r.EndedBy)
	rw.text(string(r.EndReason))
	rw.text(r.Error)
	rw.comments(row.Notes)
	rw.comments(row.Comments)
	rw.w.line = appendField(rw.w.line, r.SlackLink)
	return rw.w.endLine()
}

// text appends v and the tab after it.
func (rw *recordWriter) text(v string) {
	rw.w.line = append(appendField(rw.w.line, v), '\t')
}

func (rw *recordWriter) stamp(t time.Time) {
	if !t.IsZero() {
		rw.scratch = t.UTC().AppendFormat(rw.scratch[:0], time.RFC3339)
		rw.w.line = appendField(rw.w.line, rw.scratch)
	}
	rw.w.line = append(rw.w.line, '\t')
}

func (rw *recordWriter) span(d time.Duration) {
	s, ok := rw.spans[d]
	if !ok {
		s = span(d)
		if rw.spans == nil {
			rw.spans = map[time.Duration]string{}
		}
		if len(rw.spans) < 100 {
			rw.spans[d] = s
		}
	}
	rw.text(s)
}

func (rw *recordWriter) comments(cs []store.Comment) {
	b := rw.scratch[:0]
	for i, c := range cs {
		if i > 0 {
			b = append(b, '\n')
		}
		if !c.At.IsZero() {
			b = c.At.UTC().AppendFormat(b, time.RFC3339)
		}
		b = append(append(append(append(b, ' '), c.Actor...), ": "...), noteText(c)...)
	}
	rw.scratch = b
	rw.w.line = append(appendField(rw.w.line, b), '\t')
}

// ContentType is the media type of the export.
const ContentType = "text/tab-separated-values; charset=utf-8"

// Filename names a download made at t.
func Filename(t time.Time) string {
	return "latch-requests-" + t.UTC().Format("20060102-150405") + ".tsv"
}
