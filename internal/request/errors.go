package request

import (
	"errors"
	"fmt"
	"time"
)

// Error kinds. The API maps each to one HTTP status in one place.
var (
	ErrInvalid         = errors.New("invalid")
	ErrNotFound        = errors.New("not found")
	ErrForbidden       = errors.New("forbidden")
	ErrConflict        = errors.New("conflict")
	ErrUnauthenticated = errors.New("unauthenticated")
)

// Error carries a kind and a message meant for the person who made the call.
type Error struct {
	Kind    error
	Message string
}

func (e *Error) Error() string { return e.Message }

// Unwrap lets errors.Is find the kind.
func (e *Error) Unwrap() error { return e.Kind }

// Invalidf says the input was wrong and how to fix it.
func Invalidf(format string, args ...any) error {
	return &Error{Kind: ErrInvalid, Message: fmt.Sprintf(format, args...)}
}

// Forbiddenf says the caller may not do this.
func Forbiddenf(format string, args ...any) error {
	return &Error{Kind: ErrForbidden, Message: fmt.Sprintf(format, args...)}
}

// NotFound says there is no request with this id, or none the caller may see.
func NotFound(id string) error {
	if len(id) > 40 {
		id = id[:40] + "..."
	}
	return &Error{Kind: ErrNotFound, Message: fmt.Sprintf("no request %q", id)}
}

// ConflictError says the request moved on before the call could change it.
type ConflictError struct {
	ID        string
	Status    Status
	DecidedBy string
	DecidedAt time.Time
	// What DecidedBy did: "approved", "denied", "canceled" or "ended".
	What string
}

func (e *ConflictError) Error() string {
	msg := fmt.Sprintf("request %s is already %s", e.ID, e.Status)
	if e.DecidedBy != "" {
		msg += fmt.Sprintf(" (%s by %s at %s)", e.What, e.DecidedBy,
			e.DecidedAt.UTC().Format(time.RFC3339))
	}
	return msg
}

// Unwrap lets errors.Is find ErrConflict.
func (e *ConflictError) Unwrap() error { return ErrConflict }

// Conflict describes r's current state for a caller who expected another.
func Conflict(r Request) *ConflictError {
	c := &ConflictError{ID: r.ID, Status: r.Status}
	switch {
	case r.DeniedBy != "":
		c.DecidedBy, c.DecidedAt, c.What = r.DeniedBy, r.DeniedAt, "denied"
	case r.EndedBy != "":
		// Canceled, or ended early: name who ended it.
		c.DecidedBy, c.DecidedAt, c.What = r.EndedBy, r.EndedAt, "ended"
		if r.Status == Canceled {
			c.What = "canceled"
		}
		if c.DecidedAt.IsZero() {
			c.DecidedAt = r.UpdatedAt
		}
	case r.ApprovedBy != "":
		c.DecidedBy, c.DecidedAt, c.What = r.ApprovedBy, r.ApprovedAt, "approved"
	}
	return c
}
