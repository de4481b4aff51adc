package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/latchhq/latch/internal/export"
	"github.com/latchhq/latch/internal/request"
)

// pageSize is how many requests one page of the list shows.
const pageSize = 50

type listView struct {
	Rows []rowView
	// Form holds the filter fields as typed, to fill the form again.
	Form      url.Values
	FilterErr string
	Statuses  []request.Status
	// Checked are the statuses the filter picks; StatusSummary says which.
	Checked       map[request.Status]bool
	StatusSummary string
	Resources     []string
	People        []string
	Privileged    bool
	Filtered      bool
	// Query is the list's address query (filters and page), which row links
	// and action forms carry so that closing the drawer returns to it.
	Query     string
	NextURL   string
	FirstURL  string
	ExportURL string
	Detail    *detailView
}

type rowView struct {
	R        request.Request
	Approver string
	Ends     time.Time
	Slack    string
	Href     string
	Selected bool
}

// listPage shows the requests the viewer may see, newest first.
func (s *Server) listPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	lv, status, err := s.list(r, v, "")
	if err != nil {
		return err
	}
	return s.render(w, r, status, "list", page{Title: "Access", Viewer: v.view(), Nav: "list",
		Data: lv})
}

// list builds the list for the address's filters; selected marks one row.
// A filter that does not parse gives an empty list with the reason, and
// status 400.
func (s *Server) list(r *http.Request, v *viewer, selected string) (*listView, int, error) {
	q := r.URL.Query()
	lv := &listView{
		Form: q, Statuses: request.Statuses, Resources: s.resources(),
		Privileged: v.person.Approver || v.person.Admin || v.person.Auditor,
	}
	if lv.Privileged {
		for _, u := range s.cfg.Directory.Users {
			lv.People = append(lv.People, u.Email)
		}
	}
	f, err := export.ParseQuery(q)
	lv.Checked, lv.StatusSummary = statusChoice(f.Statuses)
	if err != nil {
		lv.FilterErr = err.Error()
		return lv, http.StatusBadRequest, nil
	}
	lv.Filtered = len(export.Query(f)) > 0
	if c := q.Get("cursor"); c != "" {
		if f.BeforeSeq, err = strconv.ParseInt(c, 10, 64); err != nil || f.BeforeSeq < 1 {
			return nil, 0, &badInput{"The page address is malformed: go back to the first page."}
		}
	}
	f.Limit = pageSize

	rows, err := s.svc.List(r.Context(), v.person, f)
	if err != nil {
		return nil, 0, err
	}

	lv.Query = listQuery(q).Encode()
	for _, req := range rows {
		lv.Rows = append(lv.Rows, s.row(req, lv.Query, selected))
	}
	filters := export.Query(f)
	lv.ExportURL = "/export.tsv?" + filters.Encode()
	if q.Get("cursor") != "" {
		lv.FirstURL = "/?" + filters.Encode()
	}
	if len(rows) == pageSize {
		next := export.Query(f)
		next.Set("cursor", strconv.FormatInt(rows[len(rows)-1].Seq, 10))
		lv.NextURL = "/?" + next.Encode()
	}
	return lv, http.StatusOK, nil
}

func (s *Server) row(r request.Request, query, selected string) rowView {
	rv := rowView{R: r, Approver: r.ApprovedBy, Ends: r.EndsAt, Slack: r.SlackLink,
		Selected: r.ID == selected}
	if rv.Approver == "" {
		rv.Approver = r.DeniedBy
	}
	if !r.EndedAt.IsZero() {
		rv.Ends = r.EndedAt
	}
	rv.Href = "/requests/" + url.PathEscape(r.ID)
	if query != "" {
		rv.Href += "?" + query
	}
	return rv
}

// statusChoice marks the statuses a filter picks and sums them up for the
// closed picker.
func statusChoice(sts []request.Status) (map[request.Status]bool, string) {
	checked := map[request.Status]bool{}
	for _, st := range sts {
		checked[st] = true
	}
	switch len(checked) {
	case 0:
		return checked, "Any"
	case 1:
		return checked, statusLabel(sts[0])
	}
	return checked, fmt.Sprintf("%d statuses", len(checked))
}

// listQuery keeps only the list's own parameters: filters and page.
func listQuery(q url.Values) url.Values {
	out := url.Values{}
	for _, k := range []string{
		export.ParamStatus, export.ParamRequester, export.ParamResource, export.ParamApprover,
		export.ParamFrom, export.ParamTo, export.ParamText, "cursor",
	} {
		for _, v := range q[k] {
			if v != "" {
				out.Add(k, v)
			}
		}
	}
	return out
}

func (s *Server) resources() []string {
	var out []string
	for _, r := range s.svc.Integrations().Resources() {
		out = append(out, r.Resource)
	}
	return out
}
