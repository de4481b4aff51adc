package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/latchhq/latch/internal/duration"
	"github.com/latchhq/latch/internal/request"
)

// maxBody bounds a request body.
const maxBody = 64 << 10

// decode reads the JSON body into v strictly: unknown fields and trailing
// data are errors. An empty body is allowed when empty is true.
func decode(c *call, v any, empty bool) error {
	body, err := io.ReadAll(http.MaxBytesReader(c.w, c.r.Body, maxBody))
	if err != nil {
		return &badRequest{fmt.Sprintf("read body: %v (at most %d bytes)", err, maxBody)}
	}
	if len(body) == 0 && empty {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return &badRequest{"malformed JSON body: " + err.Error()}
	}
	if dec.More() {
		return &badRequest{"malformed JSON body: unexpected data after the object"}
	}
	return nil
}

// hiddenDetail stands in for a target system's error text, which can name
// internal hosts, databases and users, for viewers who only request.
const hiddenDetail = "failed: the details are shown to approvers, admins and auditors"

// failureKinds are the events whose message is a target system's error.
var failureKinds = map[string]bool{
	request.KindGrantFailed: true, request.KindRemoveFailed: true,
	request.KindErrored: true, request.KindCleanedUp: true,
}

// toWire converts r for the API. Unless detailed, the target systems' error
// texts are left out.
func toWire(r request.Request, events []request.Event, detailed bool) Request {
	w := Request{
		ID: r.ID, Status: string(r.Status), Requester: r.Requester, Resource: r.Resource,
		Integration: r.Integration, Access: r.Access, Reason: r.Reason,
		ApprovedBy: r.ApprovedBy, ApprovedAt: timePtr(r.ApprovedAt),
		DeniedBy: r.DeniedBy, DeniedAt: timePtr(r.DeniedAt),
		GrantedAt: timePtr(r.GrantedAt), EndsAt: timePtr(r.EndsAt),
		EndedAt: timePtr(r.EndedAt), EndedBy: r.EndedBy, Error: r.Error,
		RequestedAt: r.CreatedAt,
	}
	if !detailed && w.Error != "" {
		w.Error = hiddenDetail
	}
	if r.RequestedDuration > 0 {
		w.RequestedDuration = duration.Format(r.RequestedDuration)
	}
	if r.ApprovedDuration > 0 {
		w.ApprovedDuration = duration.Format(r.ApprovedDuration)
	}
	for _, e := range events {
		if !detailed && failureKinds[e.Kind] {
			e.Message = hiddenDetail
		}
		w.Events = append(w.Events, Event{
			ID: e.ID, At: e.At, Kind: e.Kind, Actor: e.Actor, Source: string(e.Source),
			FromStatus: string(e.FromStatus), ToStatus: string(e.ToStatus), Message: e.Message,
		})
	}
	return w
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
