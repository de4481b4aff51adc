package lifecycle

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/latchhq/latch/internal/policy"
	"github.com/latchhq/latch/internal/request"
)

// Revoke ends an active grant early, on an approver's or admin's word. It
// also ends a request whose grant is still being made (approved) or that
// errored, removing whatever part of the grant exists.
func (s *Service) Revoke(ctx context.Context, a Actor, id, reason string) (request.Request, error) {
	reason = strings.TrimSpace(reason)
	if err := checkText("reason", reason); err != nil {
		return request.Request{}, err
	}
	return s.end(ctx, a, id, policy.Revoke, request.EndRevoke, reason, request.Active,
		request.Approved, request.Errored)
}

// Relinquish ends the requester's own active grant early.
func (s *Service) Relinquish(ctx context.Context, a Actor, id string) (request.Request, error) {
	return s.end(ctx, a, id, policy.Relinquish, request.EndRelinquish, "", request.Active,
		request.Approved)
}

// end moves a request to revoking and queues the removal.
func (s *Service) end(ctx context.Context, a Actor, id string, action policy.Action,
	why request.EndReason, msg string, from ...request.Status) (request.Request, error) {
	r, err := s.load(ctx, a, id, action)
	if err != nil {
		return r, err
	}
	if err := expect(r, from...); err != nil {
		return r, err
	}

	now := s.now().UTC()
	was := r.Status
	r.Status = request.Revoking
	r.EndReason, r.EndedBy = why, a.Person.Email
	e := request.Event{
		At: now, Kind: request.KindEnding, Actor: a.Person.Email, Source: a.Source,
		FromStatus: was, ToStatus: request.Revoking,
		Message: endMessage(why, msg),
	}
	err = s.change(ctx, &r, e, func(ctx context.Context, tx *sql.Tx) error {
		return s.enqueue(ctx, tx, removeArgs{RequestID: r.ID}, time.Time{})
	})
	if err != nil {
		return r, err
	}
	s.log.Info("grant ending", "request_id", r.ID, "actor", a.Person.Email,
		"end_reason", why, "source", a.Source)
	return r, nil
}

// Retry takes up an errored request again: provisioning when the access was
// never granted, removal when it was.
func (s *Service) Retry(ctx context.Context, a Actor, id string) (request.Request, error) {
	r, err := s.load(ctx, a, id, policy.Retry)
	if err != nil {
		return r, err
	}
	if err := expect(r, request.Errored); err != nil {
		return r, err
	}

	now := s.now().UTC()
	var job func(ctx context.Context, tx *sql.Tx) error
	if r.GrantedAt.IsZero() && r.EndReason == "" {
		r.Status = request.Approved
		job = func(ctx context.Context, tx *sql.Tx) error {
			return s.enqueue(ctx, tx, provisionArgs{RequestID: r.ID}, time.Time{})
		}
	} else {
		r.Status = request.Revoking
		if r.EndReason == "" {
			r.EndReason = request.EndExpire
		}
		job = func(ctx context.Context, tx *sql.Tx) error {
			return s.enqueue(ctx, tx, removeArgs{RequestID: r.ID}, time.Time{})
		}
	}
	r.Error = ""
	e := request.Event{
		At: now, Kind: request.KindRetried, Actor: a.Person.Email, Source: a.Source,
		FromStatus: request.Errored, ToStatus: r.Status,
	}
	if err := s.change(ctx, &r, e, job); err != nil {
		return r, err
	}
	s.log.Info("errored request retried", "request_id", r.ID, "actor", a.Person.Email)
	return r, nil
}

func endMessage(why request.EndReason, msg string) string {
	if msg == "" {
		return string(why)
	}
	return string(why) + ": " + msg
}
