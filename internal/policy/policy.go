// Package policy decides who may do what to a request. Its functions are pure:
// the same person, request and rules always give the same answer, and every
// path (API, CLI, web, Slack) asks the same functions.
package policy

import (
	"strings"

	"github.com/latchhq/latch/internal/request"
)

// Person is a caller as the directory knows them.
type Person struct {
	Email    string
	Name     string
	Groups   []string
	Approver bool
	Admin    bool
	Auditor  bool
}

// Rules are the default approval rules.
type Rules struct {
	AllowOneParty bool
	RequireReason bool
}

// Action is something a person may try to do to a request.
type Action string

// The actions on a request.
const (
	View       Action = "view"
	Approve    Action = "approve"
	Deny       Action = "deny"
	Revoke     Action = "revoke"
	Relinquish Action = "relinquish"
	Cancel     Action = "cancel"
	Comment    Action = "comment"
	Retry      Action = "retry"
)

// Actions lists every action, for pages that show what a viewer may do.
var Actions = []Action{View, Approve, Deny, Revoke, Relinquish, Cancel, Comment, Retry}

// Decide returns nil when p may take action on r under rules, or a forbidden
// error that says why not. It does not look at the request's status: whether
// the request is still in a state for the action is the lifecycle's question.
func Decide(p Person, action Action, r request.Request, rules Rules) error {
	own := strings.EqualFold(p.Email, r.Requester)
	canDecide := p.Approver || p.Admin

	switch action {
	case View:
		if own || canDecide || p.Auditor {
			return nil
		}
		return request.Forbiddenf("you may not see request %s", r.ID)
	case Approve, Deny:
		if !canDecide {
			return request.Forbiddenf("%s is not an approver: only approvers may %s requests",
				p.Email, action)
		}
		if own && !rules.AllowOneParty {
			return request.Forbiddenf("you may not %s your own request: "+
				"another approver must decide (two-party approval)", action)
		}
		return nil
	case Revoke:
		if canDecide {
			return nil
		}
		if own {
			return request.Forbiddenf("only approvers may revoke: use relinquish to give up your own access")
		}
		return request.Forbiddenf("%s is not an approver: only approvers may revoke", p.Email)
	case Relinquish, Cancel:
		if own {
			return nil
		}
		return request.Forbiddenf("only the requester may %s request %s", action, r.ID)
	case Comment:
		if own || canDecide {
			return nil
		}
		return request.Forbiddenf("only the requester and approvers may comment on request %s", r.ID)
	case Retry:
		if p.Admin {
			return nil
		}
		return request.Forbiddenf("only admins may retry an errored request")
	}
	return request.Forbiddenf("unknown action %q", action)
}

// Allowed lists the actions p may take on r, whatever its status.
func Allowed(p Person, r request.Request, rules Rules) []Action {
	var out []Action
	for _, a := range Actions {
		if Decide(p, a, r, rules) == nil {
			out = append(out, a)
		}
	}
	return out
}
