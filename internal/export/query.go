package export

import (
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/latchhq/latch/internal/request"
	"github.com/latchhq/latch/internal/store"
)

// Filter query parameters, shared by the dashboard's address, the API and
// the command line so that one filter means the same everywhere.
const (
	ParamStatus    = "status"
	ParamRequester = "requester"
	ParamResource  = "resource"
	ParamApprover  = "approver"
	ParamFrom      = "from"
	ParamTo        = "to"
	ParamText      = "q"
)

// ParseQuery reads a filter from query parameters. status may be repeated
// or comma-separated. from and to are dates (2026-05-01, a whole day in
// UTC, to inclusive) or RFC 3339 times (to exclusive). Errors say which
// parameter is wrong and how to write it.
func ParseQuery(q url.Values) (store.Filter, error) {
	f := store.Filter{
		Requester: strings.ToLower(strings.TrimSpace(q.Get(ParamRequester))),
		Resource:  strings.TrimSpace(q.Get(ParamResource)),
		Approver:  strings.ToLower(strings.TrimSpace(q.Get(ParamApprover))),
		Text:      strings.TrimSpace(q.Get(ParamText)),
	}
	for _, v := range q[ParamStatus] {
		for st := range strings.SplitSeq(v, ",") {
			st = strings.TrimSpace(st)
			if st == "" {
				continue
			}
			if !request.Status(st).Valid() {
				return f, fmt.Errorf("unknown status %q: use one of %s", st, statusNames())
			}
			f.Statuses = append(f.Statuses, request.Status(st))
		}
	}
	if err := checkText(f.Text); err != nil {
		return f, err
	}
	var err error
	if f.From, err = parseTime(ParamFrom, q.Get(ParamFrom), false); err != nil {
		return f, err
	}
	if f.To, err = parseTime(ParamTo, q.Get(ParamTo), true); err != nil {
		return f, err
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		return f, fmt.Errorf("from %s is not before to %s: swap them", q.Get(ParamFrom),
			q.Get(ParamTo))
	}
	return f, nil
}

// maxText bounds the free-text filter, in characters.
const maxText = 200

func checkText(s string) error {
	if utf8.RuneCountInString(s) > maxText {
		return fmt.Errorf("%s is over %d characters: search for a few words or an id",
			ParamText, maxText)
	}
	if !utf8.ValidString(s) {
		return fmt.Errorf("%s is not valid UTF-8: search for words or an id", ParamText)
	}
	if strings.ContainsFunc(s, unicode.IsControl) {
		return fmt.Errorf("%s holds control characters: search for words or an id", ParamText)
	}
	return nil
}

// parseTime reads a date or an RFC 3339 time. A date as the end of a range
// includes that whole day.
func parseTime(name, v string, end bool) (time.Time, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, nil
	}
	if d, err := time.Parse(time.DateOnly, v); err == nil {
		if end {
			d = d.AddDate(0, 0, 1)
		}
		return d, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s %q: write a date (2026-05-01) or an RFC 3339 time "+
			"(2026-05-01T09:00:00Z)", name, v)
	}
	return t.UTC(), nil
}

// Query encodes f as query parameters, the inverse of ParseQuery; paging is
// left out.
func Query(f store.Filter) url.Values {
	q := url.Values{}
	set := func(k, v string) {
		if v != "" {
			q.Set(k, v)
		}
	}
	var sts []string
	for _, st := range f.Statuses {
		sts = append(sts, string(st))
	}
	set(ParamStatus, strings.Join(sts, ","))
	set(ParamRequester, f.Requester)
	set(ParamResource, f.Resource)
	set(ParamApprover, f.Approver)
	if !f.From.IsZero() {
		set(ParamFrom, f.From.UTC().Format(time.RFC3339))
	}
	if !f.To.IsZero() {
		set(ParamTo, f.To.UTC().Format(time.RFC3339))
	}
	set(ParamText, f.Text)
	return q
}

func statusNames() string {
	var names []string
	for _, st := range request.Statuses {
		names = append(names, string(st))
	}
	return strings.Join(names, ", ")
}
