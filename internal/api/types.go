package api

import "time"

// The wire types of /api/v1. The CLI decodes the same structs, so a change
// here is a change to the API.
//
// Routes (all JSON, all behind a bearer token):
//
//	GET  /api/v1/whoami                     -> Whoami
//	GET  /api/v1/resources                  -> ResourceList
//	POST /api/v1/requests                   CreateRequest -> 201 Request
//	GET  /api/v1/requests?status=&requester=&resource=&approver=&from=&to=&q=
//	     &mine=true&limit=&cursor=
//	                                        -> RequestList
//	GET  /api/v1/requests/{id}              -> Request (with events)
//	GET  /api/v1/export?status=&requester=&resource=&approver=&from=&to=&q=
//	                                        -> TSV (text/tab-separated-values)
//	POST /api/v1/requests/{id}/approve      Approve -> Request
//	POST /api/v1/requests/{id}/deny         Deny -> Request
//	POST /api/v1/requests/{id}/revoke       Revoke -> Request
//	POST /api/v1/requests/{id}/relinquish   {} -> Request
//	POST /api/v1/requests/{id}/cancel       {} -> Request
//	POST /api/v1/requests/{id}/retry        {} -> Request (admins)
//	POST /api/v1/requests/{id}/comments     Comment -> 201 Request
//
// Errors are ErrorBody with status 400 (malformed), 401 (no or bad token),
// 403 (not allowed), 404 (unknown id), 409 (state changed), 422 (invalid).

// Request is one access request as the API shows it.
type Request struct {
	ID          string `json:"id"`
	Status      string `json:"status"`
	Requester   string `json:"requester"`
	Resource    string `json:"resource"`
	Integration string `json:"integration"`
	Access      string `json:"access"`
	Reason      string `json:"reason"`
	// RequestedDuration is the requester's wish ("1h"), empty when none.
	RequestedDuration string     `json:"requested_duration,omitempty"`
	ApprovedDuration  string     `json:"approved_duration,omitempty"`
	ApprovedBy        string     `json:"approved_by,omitempty"`
	ApprovedAt        *time.Time `json:"approved_at"`
	DeniedBy          string     `json:"denied_by,omitempty"`
	DeniedAt          *time.Time `json:"denied_at,omitempty"`
	GrantedAt         *time.Time `json:"granted_at"`
	EndsAt            *time.Time `json:"ends_at"`
	EndedAt           *time.Time `json:"ended_at"`
	EndedBy           string     `json:"ended_by,omitempty"`
	Error             string     `json:"error,omitempty"`
	RequestedAt       time.Time  `json:"requested_at"`
	// Events is the history, oldest first; only in single-request answers.
	Events []Event `json:"events,omitempty"`
}

// Event is one line of a request's history.
type Event struct {
	ID         int64     `json:"id"`
	At         time.Time `json:"at"`
	Kind       string    `json:"kind"`
	Actor      string    `json:"actor"`
	Source     string    `json:"source"`
	FromStatus string    `json:"from_status,omitempty"`
	ToStatus   string    `json:"to_status,omitempty"`
	Message    string    `json:"message,omitempty"`
}

// RequestList is one page of requests, newest first.
type RequestList struct {
	Requests []Request `json:"requests"`
	// NextCursor fetches the next page; empty on the last.
	NextCursor string `json:"next_cursor,omitempty"`
}

// CreateRequest asks for a resource.
type CreateRequest struct {
	Resource string `json:"resource"`
	Reason   string `json:"reason"`
	Duration string `json:"duration,omitempty"`
}

// Approve approves a pending request for Expiry ("1h", "1d").
type Approve struct {
	Expiry string `json:"expiry"`
}

// Deny denies a pending request.
type Deny struct {
	Reason string `json:"reason,omitempty"`
}

// Revoke ends an active grant early.
type Revoke struct {
	Reason string `json:"reason,omitempty"`
}

// Comment adds to a request's discussion.
type Comment struct {
	Text string `json:"text"`
}

// Resource is one requestable resource.
type Resource struct {
	Resource    string `json:"resource"`
	Integration string `json:"integration"`
	Type        string `json:"type"`
	Access      string `json:"access"`
	Description string `json:"description,omitempty"`
}

// ResourceList lists requestable resources.
type ResourceList struct {
	Resources []Resource `json:"resources"`
}

// Whoami tells the caller who latch thinks they are.
type Whoami struct {
	Email  string   `json:"email"`
	Name   string   `json:"name"`
	Groups []string `json:"groups"`
	// Roles holds "requester" and any of "approver", "admin", "auditor".
	Roles []string `json:"roles"`
}

// ErrorBody is every error answer.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail says what went wrong and how to fix it. Code is one of
// "bad_request", "unauthenticated", "forbidden", "not_found", "conflict",
// "invalid".
type ErrorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	// Status, DecidedBy and DecidedAt accompany a conflict: the request's
	// status now and who moved it there.
	Status    string     `json:"status,omitempty"`
	DecidedBy string     `json:"decided_by,omitempty"`
	DecidedAt *time.Time `json:"decided_at,omitempty"`
}
