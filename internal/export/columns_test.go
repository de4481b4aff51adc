package export

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/latchhq/latch/internal/request"
	"github.com/latchhq/latch/internal/store"
)

// TestWriteMatchesRecord checks that the export's row writer, which skips
// building strings, writes exactly what Record gives through Writer.Write.
func TestWriteMatchesRecord(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 5, 1, 9, 30, 0, 0, time.FixedZone("CEST", 2*3600))
	var rows []store.ExportRow
	for i, v := range awkward {
		r := request.Request{
			ID: v, Requester: v, Resource: v, Reason: v, Status: request.Status(v),
			ApprovedBy: v, DeniedBy: v, EndedBy: v, EndReason: request.EndReason(v), Error: v,
			SlackLink: v, CreatedAt: at.Add(time.Duration(i) * time.Hour),
			RequestedDuration: time.Duration(i) * 90 * time.Minute,
		}
		if i%2 == 0 {
			r.ApprovedAt, r.GrantedAt, r.EndsAt = at, at.Add(time.Second), at.Add(time.Hour)
			r.ApprovedDuration = 24 * time.Hour
		} else {
			r.DeniedAt, r.EndedAt = at, at.Add(time.Minute)
		}
		row := store.ExportRow{Request: r}
		for j := range i % 3 {
			row.Comments = append(row.Comments, store.Comment{
				At: at.Add(time.Duration(j) * time.Minute), Actor: v, Message: awkward[j]})
		}
		if i == 4 {
			row.Comments = append(row.Comments, store.Comment{Actor: v, Message: v})
		}
		if i%2 == 1 {
			row.Notes = append(row.Notes, store.Comment{At: at, Actor: v, Message: v,
				Kind: request.KindDenied})
		}
		rows = append(rows, row)
	}

	var want, got bytes.Buffer
	w := NewWriter(&want)
	rw := recordWriter{w: NewWriter(&got)}
	for _, row := range rows {
		require.NoError(t, w.Write(Record(row)))
		require.NoError(t, rw.write(row))
	}
	require.NoError(t, w.Flush())
	require.NoError(t, rw.w.Flush())
	require.Equal(t, want.String(), got.String())
}
