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
	// Text matches a request id exactly, or a part of the reason, ignoring
	// case.
	Text string
	// BeforeSeq continues a list after the request with this Seq.
	BeforeSeq int64
	Limit     int
}

// conditions returns f's WHERE conditions (without paging), appending their
// values to args. alias, when not empty, qualifies the columns ("r.").
func (f Filter) conditions(args *[]any, alias string) []string {
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
	if !f.From.IsZero() {
		where = append(where, col("created_at")+" >= "+arg(micros(f.From)))
	}
	if !f.To.IsZero() {
		where = append(where, col("created_at")+" < "+arg(micros(f.To)))
	}
	if t := strings.TrimSpace(f.Text); t != "" {
		where = append(where, "("+col("id")+" = "+arg(strings.ToLower(t))+
			" OR lower("+col("reason")+") LIKE "+arg("%"+likeEscape(strings.ToLower(t))+"%")+
			` ESCAPE '\')`)
	}
	return where
}

// likeEscape makes s match itself literally inside a LIKE pattern.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
