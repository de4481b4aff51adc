package lifecycle

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/riverqueue/river"

	"github.com/latchhq/latch/internal/duration"
	"github.com/latchhq/latch/internal/request"
	"github.com/latchhq/latch/internal/store"
)

// maxReason bounds a reason or comment, in characters.
const maxReason = 4000

// CreateInput is what a requester asks for.
type CreateInput struct {
	Resource string
	Reason   string
	// Duration is the wished duration ("2h"); empty for none.
	Duration string
}

// Create records a new pending request. Its time-out needs no job: the
// sweep finds it when its approvable window closes.
func (s *Service) Create(ctx context.Context, a Actor, in CreateInput) (request.Request, error) {
	r, _, err := s.CreateWithEvent(ctx, a, in)
	return r, err
}

// CreateWithEvent is Create that also returns the request's first event,
// its whole history so far, so that a caller can answer without reading
// it back.
func (s *Service) CreateWithEvent(ctx context.Context, a Actor,
	in CreateInput) (request.Request, request.Event, error) {
	r, err := s.validateCreate(in)
	if err != nil {
		return r, request.Event{}, err
	}

	// Times are stored to the microsecond; the request returned is the
	// request stored.
	now := s.now().UTC().Truncate(time.Microsecond)
	r.Status = request.Pending
	r.Requester = a.Person.Email
	r.CreatedAt, r.UpdatedAt = now, now
	e := request.Event{
		At: now, Kind: request.KindRequested, Actor: a.Person.Email, Source: a.Source,
		ToStatus: request.Pending, Message: createMessage(r),
	}

	for range 5 {
		r.ID = s.newID()
		err = s.store.InTx(ctx, func(tx *store.Tx) error {
			if err := tx.CreateRequest(ctx, &r); err != nil {
				return err
			}
			e.RequestID = r.ID
			if err := tx.AddEvent(ctx, &e); err != nil {
				return err
			}
			return s.recorded(ctx, tx.SQL(), r, e)
		})
		if err == nil || !isUniqueViolation(err) {
			break
		}
	}
	if err != nil {
		return r, e, fmt.Errorf("create request: %w", err)
	}
	s.log.Info("request created", "request_id", r.ID, "requester", r.Requester,
		"resource", r.Resource, "source", a.Source)
	return r, e, nil
}

func (s *Service) validateCreate(in CreateInput) (request.Request, error) {
	var r request.Request
	resource := strings.TrimSpace(in.Resource)
	if resource == "" {
		return r, request.Invalidf("resource is required: run \"latch resources\" to list them")
	}
	in2, access, err := s.integrations.Resolve(resource)
	if err != nil {
		return r, request.Invalidf("%v", err)
	}
	reason := strings.TrimSpace(in.Reason)
	if blank(reason) && s.cfg.Approvals.RequireReason {
		return r, request.Invalidf("reason is required: say why you need %s", resource)
	}
	if err := checkText("reason", reason); err != nil {
		return r, err
	}
	if in.Duration != "" {
		d, err := duration.Parse(in.Duration)
		if err != nil {
			return r, request.Invalidf("duration: %v", err)
		}
		if err := s.checkMax("duration", d); err != nil {
			return r, err
		}
		r.RequestedDuration = d
	}
	r.Resource = in2.Name() + "/" + access
	r.Integration, r.Access, r.Reason = in2.Name(), access, reason
	return r, nil
}

// checkMax checks an access duration: at least a second, at most the
// maximum.
func (s *Service) checkMax(field string, d time.Duration) error {
	if d < time.Second {
		return request.Invalidf("%s %s is under a second: give at least 1s", field, d)
	}
	limit := time.Duration(s.cfg.Approvals.MaxDuration)
	if d > limit {
		return request.Invalidf("%s %s is over the maximum of %s: choose %s or less",
			field, duration.Format(d), duration.Format(limit), duration.Format(limit))
	}
	return nil
}

// blank reports whether s has nothing to read: only spaces and invisible
// formatting characters.
func blank(s string) bool {
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r)
	}) == ""
}

// bidiControl matches the characters that reorder how text is shown, which
// can make a reason read differently to an approver than it is stored.
func bidiControl(r rune) bool {
	return r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069'
}

func checkText(field, s string) error {
	if !utf8.ValidString(s) {
		return request.Invalidf("%s is not valid UTF-8", field)
	}
	if strings.ContainsFunc(s, bidiControl) {
		return request.Invalidf("%s holds bidirectional override characters, which change "+
			"how it reads: write plain text", field)
	}
	bad := func(r rune) bool { return unicode.IsControl(r) && !strings.ContainsRune("\n\r\t", r) }
	if strings.ContainsFunc(s, bad) {
		return request.Invalidf("%s holds control characters: write plain text "+
			"(new lines and tabs are fine)", field)
	}
	if n := utf8.RuneCountInString(s); n > maxReason {
		return request.Invalidf("%s is %d characters long: keep it under %d", field, n, maxReason)
	}
	return nil
}

func createMessage(r request.Request) string {
	msg := r.Reason
	if r.RequestedDuration > 0 {
		msg += " (for " + duration.Format(r.RequestedDuration) + ")"
	}
	return msg
}

// schedulerHorizon is how far ahead the job queue's scheduler looks each
// time it runs (every five seconds). A job due sooner than that is inserted
// ready to run, and its worker waits for the time itself; otherwise the job
// could wait for the scheduler's next round, seconds after it was due.
const schedulerHorizon = 6 * time.Second

// enqueue adds a job to tx, to run at at (now when zero).
func (s *Service) enqueue(ctx context.Context, tx *sql.Tx, args river.JobArgs, at time.Time) error {
	if _, err := s.jobs.InsertTx(ctx, tx, args, s.insertOpts(at)); err != nil {
		return fmt.Errorf("enqueue %s: %w", args.Kind(), err)
	}
	return nil
}

// insertOpts schedules a job for at, or makes it ready now when at is near.
func (s *Service) insertOpts(at time.Time) *river.InsertOpts {
	opts := &river.InsertOpts{MaxAttempts: s.cfg.Jobs.MaxAttempts}
	if at.Sub(s.now()) > schedulerHorizon {
		opts.ScheduledAt = at
	}
	return opts
}

func isUniqueViolation(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint") || strings.Contains(msg, "23505")
}
