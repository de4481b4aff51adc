package lifecycle

import (
	"context"
	"strings"

	"github.com/latchhq/latch/internal/policy"
	"github.com/latchhq/latch/internal/request"
	"github.com/latchhq/latch/internal/store"
)

// Comment adds text to a request's discussion.
func (s *Service) Comment(ctx context.Context, a Actor, id, text string) (request.Event, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return request.Event{}, request.Invalidf("comment text is empty: say something")
	}
	if err := checkText("comment", text); err != nil {
		return request.Event{}, err
	}
	r, err := s.load(ctx, a, id, policy.Comment)
	if err != nil {
		return request.Event{}, err
	}

	e := request.Event{
		RequestID: r.ID, At: s.now().UTC(), Kind: request.KindComment,
		Actor: a.Person.Email, Source: a.Source, Message: text,
	}
	return e, s.addEvent(ctx, r, &e)
}

// Get returns a request with its history, if p may see it.
func (s *Service) Get(ctx context.Context, p policy.Person, id string) (request.Request,
	[]request.Event, error) {
	r, err := s.load(ctx, Actor{Person: p}, id, policy.View)
	if err != nil {
		return r, nil, err
	}
	events, err := s.store.Events(ctx, id)
	return r, events, err
}

// List returns the requests p may see that match f, newest first. People who
// neither approve, administer nor audit see only their own.
func (s *Service) List(ctx context.Context, p policy.Person, f store.Filter) ([]request.Request, error) {
	f, ok := s.Scope(p, f)
	if !ok {
		return nil, nil
	}
	return s.store.ListRequests(ctx, f)
}

// Allowed lists what p may do to r now, given both the rules and r's status.
func (s *Service) Allowed(p policy.Person, r request.Request) []policy.Action {
	var out []policy.Action
	for _, a := range policy.Allowed(p, r, s.rules()) {
		if statusAllows(a, r.Status) {
			out = append(out, a)
		}
	}
	return out
}

func statusAllows(a policy.Action, st request.Status) bool {
	switch a {
	case policy.Approve, policy.Deny, policy.Cancel:
		return st == request.Pending
	case policy.Revoke:
		return st == request.Active || st == request.Approved || st == request.Errored
	case policy.Relinquish:
		return st == request.Active || st == request.Approved
	case policy.Retry:
		return st == request.Errored
	}
	return true
}
