package export

import (
	"context"
	"fmt"
	"io"
	"iter"
	"strings"
	"time"

	"github.com/latchhq/latch/internal/duration"
	"github.com/latchhq/latch/internal/store"
)

// Columns is the header row, in order.
var Columns = []string{
	"id", "requested_at", "requester", "resource", "reason", "status",
	"requested_duration", "approved_duration", "approved_by", "approved_at",
	"denied_by", "denied_at", "granted_at", "ends_at", "ended_at", "ended_by",
	"end_reason", "error", "comments", "slack_link",
}

// Record turns a row into its TSV values, in Columns order. Times are RFC
// 3339 in UTC, durations as latch writes them ("1h", "1d"). Comments are
// "TIME AUTHOR: TEXT", oldest first, one a line. slack_link is the approval
// message's permalink, empty for a request never posted to Slack.
func Record(row store.ExportRow) []string {
	r := row.Request
	return []string{
		r.ID, stamp(r.CreatedAt), r.Requester, r.Resource, r.Reason, string(r.Status),
		span(r.RequestedDuration), span(r.ApprovedDuration), r.ApprovedBy, stamp(r.ApprovedAt),
		r.DeniedBy, stamp(r.DeniedAt), stamp(r.GrantedAt), stamp(r.EndsAt), stamp(r.EndedAt),
		r.EndedBy, string(r.EndReason), r.Error, comments(row.Comments), r.SlackLink,
	}
}

func comments(cs []store.Comment) string {
	var b strings.Builder
	for i, c := range cs {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "%s %s: %s", stamp(c.At), c.Actor, c.Message)
	}
	return b.String()
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
	tw := NewWriter(w)
	if err := tw.Write(Columns); err != nil {
		return 0, err
	}
	n := 0
	for row, err := range rows {
		if err != nil {
			return n, err
		}
		if err := tw.Write(Record(row)); err != nil {
			return n, err
		}
		n++
	}
	if err := ctx.Err(); err != nil {
		return n, err
	}
	return n, tw.Flush()
}

// ContentType is the media type of the export.
const ContentType = "text/tab-separated-values; charset=utf-8"

// Filename names a download made at t.
func Filename(t time.Time) string {
	return "latch-requests-" + t.UTC().Format("20060102-150405") + ".tsv"
}
