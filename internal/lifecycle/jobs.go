package lifecycle

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/latchhq/latch/internal/duration"
	"github.com/latchhq/latch/internal/integration"
	"github.com/latchhq/latch/internal/request"
)

// provisionArgs grants an approved request's access.
type provisionArgs struct {
	RequestID string `json:"request_id"`
}

func (provisionArgs) Kind() string { return "provision" }

// expireArgs ends a grant when its time is up. It is written in the
// transaction that records the grant.
type expireArgs struct {
	RequestID string `json:"request_id"`
}

func (expireArgs) Kind() string { return "expire" }

// InsertOpts puts expire jobs behind every other job. When many grants end
// together the sweep's batches take most of them (expiry.go); the expire
// jobs, which then only find their grant taken, must not hold those
// batches up.
func (expireArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{Priority: 2} }

// removeArgs removes a grant that is ending. Exactly one is written with each
// move to revoking by a person or a retry (revoke, relinquish, retry), so one
// removal runs for each; an expiry's removal is run by its expire job.
type removeArgs struct {
	RequestID string `json:"request_id"`
}

func (removeArgs) Kind() string { return "remove" }

// timeoutArgs ends a request still pending when its approvable window closes.
// Time-outs are now found by the sweep (see timeout.go); the worker stays
// for jobs that an earlier latch queued.
type timeoutArgs struct {
	RequestID string `json:"request_id"`
}

func (timeoutArgs) Kind() string { return "timeout" }

type provisionWorker struct {
	river.WorkerDefaults[provisionArgs]
	s *Service
}

// Work grants the access, then records the grant and schedules its removal in
// one transaction. A crash between the two leaves the job to run again, and
// granting is idempotent.
func (w *provisionWorker) Work(ctx context.Context, job *river.Job[provisionArgs]) error {
	s := w.s
	r, err := s.store.GetRequest(ctx, job.Args.RequestID)
	if err != nil {
		return err
	}
	if r.Status != request.Approved {
		if job.JobRow.Attempt > 1 && r.GrantedAt.IsZero() && r.EndReason != "" {
			// Ended before it was granted, after an attempt that may have
			// granted it: a crash during the call, or a grant that failed
			// on its way back.
			s.cleanUp(ctx, r, "the request ended while it was being granted")
		}
		return nil
	}
	in, err := s.grantable(r)
	if err != nil {
		return s.fail(ctx, r, request.KindGrantFailed, err)
	}

	// The clock starts with the call: the access may exist from then on,
	// and the end handed to the target is the end latch enforces.
	start := s.now().UTC()
	ends := start.Add(r.ApprovedDuration)
	if err := s.call(ctx, r, in.Grant, ends); err != nil {
		return s.retryOrFail(ctx, r, job.JobRow.Attempt, job.JobRow.MaxAttempts,
			request.KindGrantFailed, err)
	}

	r.Status = request.Active
	r.GrantedAt, r.EndsAt = start, ends
	e := request.Event{
		At: s.now().UTC(), Kind: request.KindGranted, Actor: request.SystemActor,
		Source: request.SourceJob, FromStatus: request.Approved, ToStatus: request.Active,
		Message: fmt.Sprintf("granted for %s, until %s", duration.Format(r.ApprovedDuration),
			r.EndsAt.Format(time.RFC3339)),
	}
	err = s.change(ctx, &r, e, func(ctx context.Context, tx *sql.Tx) error {
		return s.enqueue(ctx, tx, expireArgs{RequestID: r.ID}, r.EndsAt)
	})
	if errors.Is(err, request.ErrConflict) {
		// Revoked or relinquished while the grant was being made: its
		// removal may have run before the grant landed, so take it back.
		s.cleanUp(ctx, r, "granted after the request was ended")
		return nil
	}
	if err != nil {
		return fmt.Errorf("record grant of %s: %w", r.ID, err)
	}
	s.log.Info("access granted", "request_id", r.ID, "resource", r.Resource,
		"requester", r.Requester, "ends_at", r.EndsAt)
	return nil
}

type expireWorker struct {
	river.WorkerDefaults[expireArgs]
	s *Service
}

// expireClaim is the message of the event by which an expire job takes a
// grant's end. A rerun of the job looks for it: only its own claim lets it
// carry on with the removal.
const expireClaim = "expire: time is up, removing the access"

// Work ends a grant whose time is up. It takes the end by moving the request
// from active to revoking (compare-and-set, with its event), then removes
// the access itself and records the expiry. A revoke or relinquish that took
// the end first queued a removal of its own, and this job leaves the grant
// alone: one removal runs for each end. A rerun after a crash or a failed
// removal finds the request still revoking from its own claim and carries on.
func (w *expireWorker) Work(ctx context.Context, job *river.Job[expireArgs]) error {
	s := w.s
	r, err := s.store.GetRequest(ctx, job.Args.RequestID)
	if err != nil {
		return err
	}
	switch r.Status {
	case request.Active:
		if err := s.waitUntil(ctx, r.EndsAt); err != nil {
			return err
		}
		if claimed, err := s.claimExpiry(ctx, &r); err != nil || !claimed {
			return err
		}
	case request.Revoking:
		if mine, err := s.ownsExpiry(ctx, r); err != nil || !mine {
			return err
		}
	default:
		return nil
	}
	return s.remove(ctx, r, job.JobRow.Attempt, job.JobRow.MaxAttempts)
}

// claimExpiry moves r from active to revoking for its expiry. It reports
// false when r changed meanwhile: revoked or relinquished, that end removes
// it.
func (s *Service) claimExpiry(ctx context.Context, r *request.Request) (bool, error) {
	r.Status, r.EndReason = request.Revoking, request.EndExpire
	e := request.Event{
		At: s.now().UTC(), Kind: request.KindEnding, Actor: request.SystemActor,
		Source: request.SourceJob, FromStatus: request.Active, ToStatus: request.Revoking,
		Message: expireClaim,
	}
	err := s.change(ctx, r, e, nil)
	if errors.Is(err, request.ErrConflict) {
		return false, nil
	}
	return err == nil, err
}

// ownsExpiry reports whether r, found revoking, is an expire job's own
// claim that its run did not finish: r's last status change is that claim.
// A revoke, a relinquish or an admin's retry queued a removal job of its
// own, as did the expire job of an earlier latch.
func (s *Service) ownsExpiry(ctx context.Context, r request.Request) (bool, error) {
	if r.EndReason != request.EndExpire {
		return false, nil
	}
	return s.lastClaimIs(ctx, r, expireClaim)
}

type removeWorker struct {
	river.WorkerDefaults[removeArgs]
	s *Service
}

// Work removes a grant that a revoke, a relinquish or a retry is ending, and
// records how it ended.
func (w *removeWorker) Work(ctx context.Context, job *river.Job[removeArgs]) error {
	s := w.s
	r, err := s.store.GetRequest(ctx, job.Args.RequestID)
	if err != nil {
		return err
	}
	if r.Status != request.Revoking {
		return nil
	}
	return s.remove(ctx, r, job.JobRow.Attempt, job.JobRow.MaxAttempts)
}

// remove calls the target to take r's access away, then records the final
// status. A failed call is retried by the job (attempt of max) and errors
// the request after the last.
func (s *Service) remove(ctx context.Context, r request.Request, attempt, max int) error {
	in, ok := s.integrations.Get(r.Integration)
	if !ok {
		return s.fail(ctx, r, request.KindRemoveFailed,
			fmt.Errorf("integration %q is no longer configured", r.Integration))
	}
	if err := s.call(ctx, r, in.Remove, time.Time{}); err != nil {
		return s.retryOrFail(ctx, r, attempt, max, request.KindRemoveFailed, err)
	}

	now := s.now().UTC()
	final := r.EndReason.FinalStatus()
	r.Status, r.EndedAt = final, now
	e := request.Event{
		At: now, Kind: string(final), Actor: request.SystemActor, Source: request.SourceJob,
		FromStatus: request.Revoking, ToStatus: final, Message: "access removed",
	}
	if err := s.change(ctx, &r, e, nil); err != nil {
		return fmt.Errorf("record removal of %s: %w", r.ID, err)
	}
	s.log.Info("access removed", "request_id", r.ID, "resource", r.Resource,
		"requester", r.Requester, "status", final,
		"expiry_lag_ms", now.Sub(r.EndsAt).Milliseconds())
	return nil
}

type timeoutWorker struct {
	river.WorkerDefaults[timeoutArgs]
	s *Service
}

// Work times out a request nobody decided on, for a job an earlier latch
// queued.
func (w *timeoutWorker) Work(ctx context.Context, job *river.Job[timeoutArgs]) error {
	s := w.s
	r, err := s.store.GetRequest(ctx, job.Args.RequestID)
	if err != nil {
		return err
	}
	if r.Status != request.Pending {
		return nil
	}
	window := time.Duration(s.cfg.Approvals.ApprovableWindow)
	if err := s.waitUntil(ctx, r.CreatedAt.Add(window)); err != nil {
		return err
	}
	return s.timeOut(ctx, r, window)
}

// call runs one integration call bounded by the integration's timeout.
func (s *Service) call(ctx context.Context, r request.Request,
	fn func(context.Context, integration.Grant) error, ends time.Time) error {
	ctx, cancel := context.WithTimeout(ctx, s.timeout(r.Integration))
	defer cancel()
	return fn(ctx, integration.Grant{
		RequestID: r.ID, User: r.Requester, Resource: r.Resource, Access: r.Access,
		ExpiresAt: ends,
	})
}

func (s *Service) timeout(name string) time.Duration {
	for _, in := range s.cfg.Integrations {
		if in.Name == name && in.Timeout > 0 {
			return time.Duration(in.Timeout)
		}
	}
	return defaultCallTimeout
}

// retryOrFail records a failed attempt. Before the last attempt it returns
// the error so that the queue tries again later; after it, the request is
// errored.
func (s *Service) retryOrFail(ctx context.Context, r request.Request, attempt, max int,
	kind string, cause error) error {
	if attempt >= max {
		return s.fail(ctx, r, kind, cause)
	}
	s.log.Error("integration call failed, will retry", "request_id", r.ID,
		"resource", r.Resource, "kind", kind, "attempt", attempt, "max_attempts", max,
		"err", cause)
	e := request.Event{
		RequestID: r.ID, At: s.now().UTC(), Kind: kind, Actor: request.SystemActor,
		Source:  request.SourceJob,
		Message: fmt.Sprintf("attempt %d of %d failed: %v", attempt, max, cause),
	}
	if err := s.addEvent(ctx, r, &e); err != nil {
		return errors.Join(cause, err)
	}
	return cause
}

// fail marks the request errored after its last attempt. An errored
// provisioning first takes back whatever part of the grant may exist: once
// the request is errored an admin may retry it, and a clean-up landing
// after the retry's grant would take that away.
func (s *Service) fail(ctx context.Context, r request.Request, kind string, cause error) error {
	from := r.Status
	if from == request.Approved {
		s.cleanUp(ctx, r, "the grant failed")
	}
	now := s.now().UTC()
	r.Status, r.Error = request.Errored, cause.Error()
	e := request.Event{
		At: now, Kind: request.KindErrored, Actor: request.SystemActor, Source: request.SourceJob,
		FromStatus: from, ToStatus: request.Errored,
		Message: fmt.Sprintf("%s, giving up: %v", kind, cause),
	}
	if err := s.change(ctx, &r, e, nil); err != nil {
		return fmt.Errorf("mark %s errored: %w", r.ID, err)
	}
	s.log.Error("request errored: an admin must look at it and retry", "request_id", r.ID,
		"resource", r.Resource, "requester", r.Requester, "kind", kind, "err", cause)
	return nil
}

// cleanUp takes back whatever part of a grant may exist when the request
// did not become active (why says how), and records how that went.
func (s *Service) cleanUp(ctx context.Context, r request.Request, why string) {
	in, ok := s.integrations.Get(r.Integration)
	if !ok {
		return
	}
	e := request.Event{
		RequestID: r.ID, Kind: request.KindCleanedUp, Actor: request.SystemActor,
		Source: request.SourceJob, Message: why + ": removed any part of the grant",
	}
	if err := s.call(ctx, r, in.Remove, time.Time{}); err != nil {
		s.log.Error("clean-up after failed grant failed", "request_id", r.ID, "err", err)
		e.Message = fmt.Sprintf("%s: removing any part of the grant failed: %v", why, err)
	}
	e.At = s.now().UTC()
	if err := s.addEvent(ctx, r, &e); err != nil {
		s.log.Error("record clean-up", "request_id", r.ID, "err", err)
	}
}

// grantable returns the integration to grant r with, or why r may no longer
// be granted: its requester left the directory, or its resource is gone.
func (s *Service) grantable(r request.Request) (integration.Integration, error) {
	if _, ok := s.dir.Person(r.Requester); !ok {
		return nil, fmt.Errorf("requester %s is no longer in the directory", r.Requester)
	}
	in, access, err := s.integrations.Resolve(r.Resource)
	if err != nil || access != r.Access {
		return nil, fmt.Errorf("resource %s is no longer offered", r.Resource)
	}
	return in, nil
}

// waitUntil returns when t has come. A job that starts early waits in place
// when t is near, and is put back in the queue when it is not.
func (s *Service) waitUntil(ctx context.Context, t time.Time) error {
	wait := t.Sub(s.now())
	if wait <= 0 {
		return nil
	}
	if wait > schedulerHorizon {
		return river.JobSnooze(wait)
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
