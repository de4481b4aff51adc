package lifecycle

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/latchhq/latch/internal/duration"
	"github.com/latchhq/latch/internal/policy"
	"github.com/latchhq/latch/internal/request"
)

// Approve approves a pending request for expiry ("1h") and queues its
// provisioning. The grant's clock starts when the access is granted.
func (s *Service) Approve(ctx context.Context, a Actor, id, expiry string) (request.Request, error) {
	if strings.TrimSpace(expiry) == "" {
		return request.Request{}, request.Invalidf(
			"expiry is required: say how long the access lasts, for example 1h")
	}
	d, err := duration.Parse(expiry)
	if err != nil {
		return request.Request{}, request.Invalidf("expiry: %v", err)
	}
	if err := s.checkMax("expiry", d); err != nil {
		return request.Request{}, err
	}

	r, err := s.load(ctx, a, id, policy.Approve)
	if err != nil {
		return r, err
	}
	if err := expect(r, request.Pending); err != nil {
		return r, err
	}
	if _, err := s.grantable(r); err != nil {
		return r, request.Invalidf("cannot approve: %v; deny it instead", err)
	}

	now := s.now().UTC()
	r.Status = request.Approved
	r.ApprovedBy, r.ApprovedAt, r.ApprovedDuration = a.Person.Email, now, d
	e := request.Event{
		At: now, Kind: request.KindApproved, Actor: a.Person.Email, Source: a.Source,
		FromStatus: request.Pending, ToStatus: request.Approved,
		Message: "approved for " + duration.Format(d),
	}
	err = s.change(ctx, &r, e, func(ctx context.Context, tx *sql.Tx) error {
		return s.enqueue(ctx, tx, provisionArgs{RequestID: r.ID}, time.Time{})
	})
	if err != nil {
		return r, err
	}
	s.log.Info("request approved", "request_id", r.ID, "actor", a.Person.Email,
		"expiry", duration.Format(d), "source", a.Source)
	return r, nil
}

// Deny refuses a pending request.
func (s *Service) Deny(ctx context.Context, a Actor, id, reason string) (request.Request, error) {
	reason = strings.TrimSpace(reason)
	if err := checkText("reason", reason); err != nil {
		return request.Request{}, err
	}
	r, err := s.load(ctx, a, id, policy.Deny)
	if err != nil {
		return r, err
	}
	if err := expect(r, request.Pending); err != nil {
		return r, err
	}

	now := s.now().UTC()
	r.Status = request.Denied
	r.DeniedBy, r.DeniedAt = a.Person.Email, now
	e := request.Event{
		At: now, Kind: request.KindDenied, Actor: a.Person.Email, Source: a.Source,
		FromStatus: request.Pending, ToStatus: request.Denied, Message: reason,
	}
	if err := s.change(ctx, &r, e, nil); err != nil {
		return r, err
	}
	s.log.Info("request denied", "request_id", r.ID, "actor", a.Person.Email, "source", a.Source)
	return r, nil
}

// Cancel withdraws the requester's own pending request.
func (s *Service) Cancel(ctx context.Context, a Actor, id string) (request.Request, error) {
	r, err := s.load(ctx, a, id, policy.Cancel)
	if err != nil {
		return r, err
	}
	if err := expect(r, request.Pending); err != nil {
		return r, err
	}

	now := s.now().UTC()
	r.Status = request.Canceled
	r.EndedAt, r.EndedBy = now, a.Person.Email
	e := request.Event{
		At: now, Kind: request.KindCanceled, Actor: a.Person.Email, Source: a.Source,
		FromStatus: request.Pending, ToStatus: request.Canceled,
	}
	return r, s.change(ctx, &r, e, nil)
}
