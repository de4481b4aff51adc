package store

import (
	"fmt"
	"strings"
	"time"

	"github.com/latchhq/latch/internal/request"
)

// Filter narrows a list of requests. Empty fields match everything.
type Filter struct {
	Statuses  []request.Status
	Requester string
	Resource  string
	// Approver matches requests this person approved or denied.
	Approver string
	// From and To bound when a request was made: From <= requested < To.
	From, To time.Time
	// Text matches a request id exactly, or requests whose reason holds
	// every word of it, ignoring case (words as the full-text indexes of
	// migration 00004 split them: letters and digits, so "INC-42" is the
	// words "inc" and "42" next to each other).
	Text string
	// BeforeSeq continues a list after the request with this Seq.
	BeforeSeq int64
	Limit     int
}

// conditions returns f's WHERE conditions (without paging) in dialect,
// appending their values to args. alias, when not empty, qualifies the
// columns ("r.").
func (f Filter) conditions(dialect string, args *[]any, alias string) []string {
	var where []string
	arg := func(v any) string {
		*args = append(*args, v)
		return fmt.Sprintf("$%d", len(*args))
	}
	col := func(name string) string { return alias + name }

	if len(f.Statuses) > 0 {
		var ps []string
		for _, st := range f.Statuses {
			ps = append(ps, arg(string(st)))
		}
		where = append(where, col("status")+" IN ("+strings.Join(ps, ", ")+")")
	}
	if f.Requester != "" {
		where = append(where, col("requester")+" = "+arg(f.Requester))
	}
	if f.Resource != "" {
		where = append(where, col("resource")+" = "+arg(f.Resource))
	}
	if f.Approver != "" {
		// A request is approved or denied, never both, so the two columns
		// joined are whoever decided; migration 00003 indexes exactly this
		// expression, which an OR of two columns could not use in order.
		where = append(where, "("+col("approved_by")+" || "+col("denied_by")+") = "+
			arg(f.Approver))
	}
	var from, to string
	if !f.From.IsZero() {
		from = arg(micros(f.From))
		where = append(where, col("created_at")+" >= "+from)
	}
	if !f.To.IsZero() {
		to = arg(micros(f.To))
		where = append(where, col("created_at")+" < "+to)
	}
	if dialect == SQLite && from != "" && to != "" {
		where = append(where, col("seq")+" BETWEEN "+seqSpan("MIN", from, to)+" AND "+
			seqSpan("MAX", from, to))
	}
	return where
}

// seqSpan is a subquery for the lowest or highest seq (agg) of the
// requests made from <= created_at < to. Every request of the range lies
// between the two by definition, whatever the order of created_at, so the
// bound changes no result. It changes SQLite's plan: both subqueries read
// only the range of the created_at index (which carries seq), and as seq
// grows with creation the page is then the primary key read backwards from
// the top of the range, stopping after a page, instead of every request of
// the range sorted by seq. "seq + 0" keeps the subqueries on that index
// rather than a walk of the primary key until the first match.
//
// PostgreSQL reads the primary key backwards with the range as a filter,
// which is fast for a recent or wide range; the bound would make it read
// the whole range first (235 ms instead of 0.2 ms for two years of a
// million requests), so it is left out there.
func seqSpan(agg, from, to string) string {
	return "(SELECT " + agg + "(seq + 0) FROM requests WHERE created_at >= " + from +
		" AND created_at < " + to + ")"
}

// matches returns what follows the select list (selectRequests, and any
// columns after it) in a query for the requests f matches, newest first.
// paged applies f's BeforeSeq and Limit.
//
// A text filter is two indexed searches joined by UNION: the request with
// that id, and the requests whose reason holds its words, through the
// full-text index, newest first. Each branch applies the other filters and
// the page, so that a page reads no more than it shows.
func (s *Store) matches(f Filter, args *[]any, paged bool) string {
	page := func(where []string, col string) []string {
		if paged && f.BeforeSeq > 0 {
			*args = append(*args, f.BeforeSeq)
			where = append(where, fmt.Sprintf("%s < $%d", col, len(*args)))
		}
		return where
	}
	limit := func() string {
		if !paged {
			return ""
		}
		*args = append(*args, f.Limit)
		return fmt.Sprintf("\nLIMIT $%d", len(*args))
	}
	and := func(where []string) string {
		if len(where) == 0 {
			return ""
		}
		return "\nWHERE " + strings.Join(where, "\n\tAND ")
	}

	text := strings.TrimSpace(f.Text)
	if text == "" {
		where := page(f.conditions(s.dialect, args, "r."), "r.seq")
		return fromRequests + and(where) + "\nORDER BY r.seq DESC" + limit()
	}

	arg := func(v any) string {
		*args = append(*args, v)
		return fmt.Sprintf("$%d", len(*args))
	}
	byID := page(append(f.conditions(s.dialect, args, "r."), "r.id = "+arg(strings.ToLower(text))), "r.seq")
	var words string
	if s.dialect == SQLite {
		where := append(f.conditions(s.dialect, args, "r."), "w.requests_fts MATCH "+arg(ftsQuery(text)))
		words = "SELECT w.rowid AS seq\nFROM requests_fts AS w\nJOIN requests AS r ON r.seq = w.rowid" +
			and(page(where, "w.rowid")) + "\nORDER BY w.rowid DESC" + limit()
	} else {
		where := append(f.conditions(s.dialect, args, "r."),
			"to_tsvector('simple', r.reason) @@ plainto_tsquery('simple', "+arg(text)+")")
		words = "SELECT r.seq\nFROM requests AS r" + and(page(where, "r.seq")) +
			"\nORDER BY r.seq DESC" + limit()
	}
	return `
FROM (
	SELECT r.seq FROM requests AS r` + and(byID) + `
	UNION
	SELECT seq FROM (` + words + `) AS words
) AS hit
JOIN requests AS r ON r.seq = hit.seq
LEFT JOIN slack_messages AS m ON m.request_id = r.id
ORDER BY r.seq DESC` + limit()
}

// ftsQuery turns text into an FTS5 query that matches what PostgreSQL's
// plainto_tsquery does: each space-separated piece a quoted phrase, all
// required, so that no character of text is read as FTS5 syntax.
func ftsQuery(text string) string {
	var parts []string
	for _, w := range strings.Fields(text) {
		parts = append(parts, `"`+strings.ReplaceAll(w, `"`, `""`)+`"`)
	}
	return strings.Join(parts, " ")
}
