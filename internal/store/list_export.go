package store

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"strings"
	"time"

	"github.com/latchhq/latch/internal/request"
)

// Comment is one entry of a request's discussion.
type Comment struct {
	At      time.Time
	Actor   string
	Message string
}

// ExportRow is a request with its discussion, as the export writes it.
type ExportRow struct {
	Request  request.Request
	Comments []Comment
}

// commentsSQL aggregates a request's comments, oldest first, into one JSON
// array of [at, actor, message] per dialect, so that one pass over the
// requests carries their discussions too.
var commentsSQL = map[string]string{
	SQLite: `(SELECT json_group_array(json_array(c.at, c.actor, c.message))
	FROM (SELECT at, actor, message FROM events
		WHERE request_id = r.id AND kind = 'comment' ORDER BY id) AS c)`,
	Postgres: `(SELECT COALESCE(json_agg(json_build_array(e.at, e.actor, e.message)
		ORDER BY e.id), '[]')::text
	FROM events AS e WHERE e.request_id = r.id AND e.kind = 'comment')`,
}

// ExportRequests yields every request that matches f (ignoring its paging),
// newest first, with its comments. Rows are read from the database one by
// one as the caller asks for them, so memory stays flat however many match.
// The first error ends the sequence.
func (s *Store) ExportRequests(ctx context.Context, f Filter) iter.Seq2[ExportRow, error] {
	return func(yield func(ExportRow, error) bool) {
		var args []any
		q := selectRequests + ",\n\t" + commentsSQL[s.dialect] + s.matches(f, &args, false)

		rows, err := s.rdb.QueryContext(ctx, q, args...)
		if err != nil {
			yield(ExportRow{}, fmt.Errorf("export requests: %w", err))
			return
		}
		defer rows.Close()
		for rows.Next() {
			row, err := scanExportRow(rows)
			if err != nil {
				yield(row, fmt.Errorf("export requests: %w", err))
				return
			}
			if !yield(row, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(ExportRow{}, fmt.Errorf("export requests: %w", err))
		}
	}
}

// exportScanner scans the request columns then the comments' JSON.
type exportScanner struct {
	sc       scanner
	comments *string
}

func (e exportScanner) Scan(dest ...any) error {
	return e.sc.Scan(append(dest, e.comments)...)
}

func scanExportRow(sc scanner) (ExportRow, error) {
	var raw string
	r, err := scanRequest(exportScanner{sc: sc, comments: &raw})
	if err != nil {
		return ExportRow{}, err
	}
	row := ExportRow{Request: r}
	var entries [][3]any
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&entries); err != nil {
		return row, fmt.Errorf("comments of %s: %w", r.ID, err)
	}
	for _, e := range entries {
		at, _ := e[0].(json.Number)
		us, _ := at.Int64()
		actor, _ := e[1].(string)
		msg, _ := e[2].(string)
		row.Comments = append(row.Comments, Comment{At: fromMicros(us), Actor: actor, Message: msg})
	}
	return row, nil
}
