// Package request holds the access request itself: its statuses, the moves
// between them, its history events and the errors every path shares.
package request

import "time"

// Status is where a request is in its lifecycle.
type Status string

// The lifecycle statuses. See DESIGN.md's lifecycle table.
const (
	Pending      Status = "pending"
	Approved     Status = "approved"
	Active       Status = "active"
	Revoking     Status = "revoking"
	Denied       Status = "denied"
	Canceled     Status = "canceled"
	TimedOut     Status = "timed_out"
	Expired      Status = "expired"
	Revoked      Status = "revoked"
	Relinquished Status = "relinquished"
	Errored      Status = "errored"
)

// Statuses lists every status in lifecycle order.
var Statuses = []Status{
	Pending, Approved, Active, Revoking, Denied, Canceled, TimedOut,
	Expired, Revoked, Relinquished, Errored,
}

// next says which statuses each status may move to. Errored moves on only
// when an admin retries it.
var next = map[Status][]Status{
	Pending:  {Approved, Denied, Canceled, TimedOut},
	Approved: {Active, Errored, Revoking},
	Active:   {Revoking},
	Revoking: {Expired, Revoked, Relinquished, Errored},
	Errored:  {Approved, Revoking},
}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, v := range Statuses {
		if v == s {
			return true
		}
	}
	return false
}

// Final reports whether nothing can follow s.
func (s Status) Final() bool {
	return s.Valid() && s != Errored && len(next[s]) == 0
}

// CanMove reports whether a request may go from one status to another.
func CanMove(from, to Status) bool {
	for _, s := range next[from] {
		if s == to {
			return true
		}
	}
	return false
}

// EndReason says why a grant is ending.
type EndReason string

// Why a grant ends, and the final status each leads to.
const (
	EndExpire     EndReason = "expire"
	EndRevoke     EndReason = "revoke"
	EndRelinquish EndReason = "relinquish"
)

// FinalStatus is the status a removal for this reason ends in.
func (r EndReason) FinalStatus() Status {
	switch r {
	case EndRevoke:
		return Revoked
	case EndRelinquish:
		return Relinquished
	default:
		return Expired
	}
}

// Request is one person asking for one resource. Zero times mean "not yet".
type Request struct {
	ID                string
	Seq               int64
	Version           int64
	Status            Status
	Requester         string
	Resource          string
	Integration       string
	Access            string
	Reason            string
	RequestedDuration time.Duration
	ApprovedDuration  time.Duration
	ApprovedBy        string
	ApprovedAt        time.Time
	DeniedBy          string
	DeniedAt          time.Time
	GrantedAt         time.Time
	EndsAt            time.Time
	EndReason         EndReason
	EndedAt           time.Time
	EndedBy           string
	Error             string
	CreatedAt         time.Time
	UpdatedAt         time.Time
	// SlackLink is the address of the request's approval message in Slack,
	// once posted. The store reads it with the request and never writes it
	// from here.
	SlackLink string
}

// Event is one line of a request's history. Events are only ever appended.
type Event struct {
	ID         int64
	RequestID  string
	At         time.Time
	Kind       string
	Actor      string
	Source     Source
	FromStatus Status
	ToStatus   Status
	Message    string
}

// Source says through which path an event came.
type Source string

// The paths a change can come through.
const (
	SourceAPI   Source = "api"
	SourceCLI   Source = "cli"
	SourceWeb   Source = "web"
	SourceSlack Source = "slack"
	SourceJob   Source = "job"
)

// Event kinds.
const (
	KindRequested    = "requested"
	KindApproved     = "approved"
	KindDenied       = "denied"
	KindCanceled     = "canceled"
	KindTimedOut     = "timed_out"
	KindGranted      = "granted"
	KindGrantFailed  = "grant_failed"
	KindEnding       = "ending"
	KindExpired      = "expired"
	KindRevoked      = "revoked"
	KindRelinquished = "relinquished"
	KindRemoveFailed = "removal_failed"
	KindErrored      = "errored"
	KindRetried      = "retried"
	KindCleanedUp    = "cleaned_up"
	KindComment      = "comment"
	SystemActor      = "latch"
)
