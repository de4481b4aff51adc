package store

import (
	"context"
	"database/sql"
	"fmt"
	"iter"
	"strings"
	"time"

	"github.com/latchhq/latch/internal/request"
)

// Comment is one entry of a request's discussion, or one note given with a
// decision (a deny's or a revoke's reason).
type Comment struct {
	At      time.Time
	Actor   string
	Message string
	// Kind is the event's: "comment", "denied" or "ending".
	Kind string
}

// ExportRow is a request with its discussion, as the export writes it. The
// request's Version, Integration, Access and UpdatedAt are not read: the
// export does not write them, and a million rows are faster for every
// column left out.
type ExportRow struct {
	Request  request.Request
	Comments []Comment
	// Notes are the reasons people gave with a denial or an early end.
	Notes []Comment
}

// ExportRequests yields every request that matches f (ignoring its paging),
// newest first, with its comments. Rows are read from the database one by
// one as the caller asks for them, so memory stays flat however many match.
// The first error ends the sequence.
//
// Comments come from a second cursor, ordered like the requests, which is
// merged with the first: a million lookups of a request's comments, most
// finding none, took longer than reading every request.
func (s *Store) ExportRequests(ctx context.Context, f Filter) iter.Seq2[ExportRow, error] {
	return func(yield func(ExportRow, error) bool) {
		fail := func(err error) { yield(ExportRow{}, fmt.Errorf("export requests: %w", err)) }
		var args []any
		rows, err := s.rdb.QueryContext(ctx, selectExport+s.matches(f, &args, false), args...)
		if err != nil {
			fail(err)
			return
		}
		defer rows.Close()
		comments, err := s.exportComments(ctx, f)
		if err != nil {
			fail(err)
			return
		}
		defer comments.close()
		links, err := s.exportLinks(ctx, f)
		if err != nil {
			fail(err)
			return
		}
		defer links.close()

		var sc exportScan
		for rows.Next() {
			r, err := sc.scan(rows)
			if err != nil {
				fail(err)
				return
			}
			row := ExportRow{Request: r}
			if row.Comments, row.Notes, err = comments.of(r.Seq); err != nil {
				fail(err)
				return
			}
			if row.Request.SlackLink, err = links.of(r.Seq); err != nil {
				fail(err)
				return
			}
			if !yield(row, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			fail(err)
		}
	}
}

// selectExport reads the columns of requests (as r) that the export writes,
// in the order exportScan expects.
const selectExport = `SELECT r.seq, r.id, r.status, r.requester, r.resource, r.reason,
	r.requested_duration_ms, r.approved_duration_ms, r.approved_by, r.approved_at,
	r.denied_by, r.denied_at, r.granted_at, r.ends_at, r.end_reason, r.ended_at, r.ended_by,
	r.error, r.created_at`

// exportScan scans rows of selectExport. Its destinations are made once for
// all rows rather than once a row.
type exportScan struct {
	r                                                request.Request
	status, endReason                                string
	reqMS, apprMS                                    int64
	approvedAt, deniedAt, grantedAt, endsAt, endedAt int64
	createdAt                                        int64
	dest                                             []any
}

func (sc *exportScan) scan(rows *sql.Rows) (request.Request, error) {
	r := &sc.r
	if sc.dest == nil {
		sc.dest = []any{&r.Seq, &r.ID, &sc.status, &r.Requester, &r.Resource, &r.Reason,
			&sc.reqMS, &sc.apprMS, &r.ApprovedBy, &sc.approvedAt, &r.DeniedBy, &sc.deniedAt,
			&sc.grantedAt, &sc.endsAt, &sc.endReason, &sc.endedAt, &r.EndedBy, &r.Error,
			&sc.createdAt}
	}
	if err := rows.Scan(sc.dest...); err != nil {
		return request.Request{}, err
	}
	r.Status, r.EndReason = request.Status(sc.status), request.EndReason(sc.endReason)
	r.RequestedDuration = time.Duration(sc.reqMS) * time.Millisecond
	r.ApprovedDuration = time.Duration(sc.apprMS) * time.Millisecond
	r.ApprovedAt, r.DeniedAt = fromMicros(sc.approvedAt), fromMicros(sc.deniedAt)
	r.GrantedAt, r.EndsAt = fromMicros(sc.grantedAt), fromMicros(sc.endsAt)
	r.EndedAt, r.CreatedAt = fromMicros(sc.endedAt), fromMicros(sc.createdAt)
	return *r, nil
}

// exportComments opens the cursor of the comments of the requests f
// matches, newest request first, each request's oldest comment first.
func (s *Store) exportComments(ctx context.Context, f Filter) (*commentCursor, error) {
	q := `
SELECT r.seq, e.at, e.actor, e.message, e.kind
FROM events AS e
JOIN requests AS r ON r.id = e.request_id
WHERE (e.kind = 'comment'
	OR e.kind IN ('denied', 'ending') AND e.message <> '' AND e.actor <> 'latch')`
	var args []any
	if len(f.conditions(s.dialect, &args, "")) > 0 || strings.TrimSpace(f.Text) != "" {
		args = nil
		q += "\n\tAND r.seq IN (SELECT r.seq" + s.matches(f, &args, false) + ")"
	}
	q += "\nORDER BY r.seq DESC, e.id"
	rows, err := s.rdb.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	c := &commentCursor{rows: rows}
	return c, c.next()
}

// commentCursor reads comments ahead by one, for merging with requests in
// the same order.
type commentCursor struct {
	rows *sql.Rows
	// seq is the request of the comment read ahead; 0 after the last.
	seq  int64
	head Comment
}

func (c *commentCursor) next() error {
	if !c.rows.Next() {
		c.seq = 0
		return c.rows.Err()
	}
	var at int64
	if err := c.rows.Scan(&c.seq, &at, &c.head.Actor, &c.head.Message, &c.head.Kind); err != nil {
		return err
	}
	c.head.At = fromMicros(at)
	return nil
}

// of returns the comments and decision notes of the request with seq,
// skipping any of newer requests that the request cursor did not show.
func (c *commentCursor) of(seq int64) (comments, notes []Comment, err error) {
	for c.seq > seq {
		if err := c.next(); err != nil {
			return nil, nil, err
		}
	}
	for c.seq == seq && seq != 0 {
		if c.head.Kind == request.KindComment {
			comments = append(comments, c.head)
		} else {
			notes = append(notes, c.head)
		}
		if err := c.next(); err != nil {
			return nil, nil, err
		}
	}
	return comments, notes, nil
}

func (c *commentCursor) close() { c.rows.Close() }

// exportLinks opens the cursor of the Slack links of the requests f
// matches, newest request first, to merge with the requests like the
// comments: a join looked each up at random, which on a million rows cost
// as much as reading the requests.
func (s *Store) exportLinks(ctx context.Context, f Filter) (*linkCursor, error) {
	q := `
SELECT m.request_seq, m.permalink
FROM slack_messages AS m
WHERE m.permalink <> ''`
	var args []any
	if len(f.conditions(s.dialect, &args, "")) > 0 || strings.TrimSpace(f.Text) != "" {
		args = nil
		q += "\n\tAND m.request_seq IN (SELECT r.seq" + s.matches(f, &args, false) + ")"
	}
	q += "\nORDER BY m.request_seq DESC"
	rows, err := s.rdb.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	c := &linkCursor{rows: rows}
	return c, c.next()
}

// linkCursor reads Slack links ahead by one.
type linkCursor struct {
	rows *sql.Rows
	// seq is the request of the link read ahead; 0 after the last.
	seq  int64
	link string
}

func (c *linkCursor) next() error {
	if !c.rows.Next() {
		c.seq = 0
		return c.rows.Err()
	}
	return c.rows.Scan(&c.seq, &c.link)
}

// of returns the link of the request with seq, or "".
func (c *linkCursor) of(seq int64) (string, error) {
	for c.seq > seq {
		if err := c.next(); err != nil {
			return "", err
		}
	}
	if c.seq == seq && seq != 0 {
		return c.link, c.next()
	}
	return "", nil
}

func (c *linkCursor) close() { c.rows.Close() }
