package web

import (
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/latchhq/latch/internal/duration"
	"github.com/latchhq/latch/internal/request"
)

type detailView struct {
	R        request.Request
	Timeline []request.Event
	Comments []request.Event
	Can      map[string]bool
	Expiries []expiryOption
	Slack    string
	// Notice says what the viewer's last action did; Error why it failed.
	Notice, Error string
	// Back is the list's query, carried through forms; CloseURL returns to
	// the list.
	Back     string
	CloseURL string
	Self     string
}

type expiryOption struct {
	Value, Label string
	Selected     bool
}

// notices are the messages an action's redirect may ask for, by key, so
// that an address cannot make latch say anything else.
var notices = map[string]string{
	"created":      "Request sent. Approvers can see it now.",
	"approved":     "Approved. latch is granting the access.",
	"denied":       "Denied.",
	"revoked":      "Revoked. latch is removing the access.",
	"relinquished": "Relinquished. latch is removing the access.",
	"canceled":     "Canceled.",
	"retried":      "Retrying.",
	"commented":    "Comment added.",
}

// detailsPage shows the list with one request's drawer open over it.
func (s *Server) detailsPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	return s.showDetails(w, r, v, r.PathValue("id"), http.StatusOK, "")
}

// showDetails renders the drawer of request id, with an action's error when
// msg is set.
func (s *Server) showDetails(w http.ResponseWriter, r *http.Request, v *viewer, id string,
	status int, msg string) error {
	req, events, err := s.svc.Get(r.Context(), v.person, id)
	if err != nil {
		return err
	}
	if r.Method == http.MethodPost {
		// The list behind the drawer is the one the form came from.
		back, _ := url.ParseQuery(r.PostFormValue("back"))
		r.URL.RawQuery = listQuery(back).Encode()
	}
	lv, lstatus, err := s.list(r, v, id)
	if err != nil {
		return err
	}
	if status == http.StatusOK {
		status = lstatus
	}

	d := &detailView{R: req, Can: map[string]bool{}, Error: msg, Slack: req.SlackLink,
		Notice: notices[r.URL.Query().Get("notice")], Back: lv.Query, CloseURL: "/"}
	if lv.Query != "" {
		d.CloseURL = "/?" + lv.Query
	}
	d.Self = "/requests/" + url.PathEscape(req.ID)
	for _, e := range events {
		if e.Kind == request.KindComment {
			d.Comments = append(d.Comments, e)
		} else {
			d.Timeline = append(d.Timeline, e)
		}
	}
	for _, a := range s.svc.Allowed(v.person, req) {
		d.Can[string(a)] = true
	}
	d.Expiries = s.expiries(req)
	lv.Detail = d

	return s.render(w, r, status, "list", page{Title: "Request " + req.ID, Viewer: v.view(),
		Nav: "list", Data: lv})
}

// expiries are the approver's presets, with the requester's wish chosen
// when it is one of them, or added when it fits under the maximum.
func (s *Server) expiries(r request.Request) []expiryOption {
	var ds []time.Duration
	for _, d := range s.cfg.Approvals.ExpiryOptions {
		ds = append(ds, time.Duration(d))
	}
	wish := r.RequestedDuration
	if wish > 0 && wish <= time.Duration(s.cfg.Approvals.MaxDuration) && !slices.Contains(ds, wish) {
		ds = append(ds, wish)
		slices.Sort(ds)
	}
	if wish == 0 && len(ds) > 0 {
		wish = ds[min(1, len(ds)-1)]
	}
	var out []expiryOption
	for _, d := range ds {
		label := duration.Format(d)
		if d == r.RequestedDuration {
			label += " (requested)"
		}
		out = append(out, expiryOption{Value: duration.Format(d), Label: label, Selected: d == wish})
	}
	return out
}
