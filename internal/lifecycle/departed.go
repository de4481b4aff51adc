package lifecycle

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/latchhq/latch/internal/request"
	"github.com/latchhq/latch/internal/store"
)

// endDeparted revokes the active grants of people who are no longer in the
// directory: someone who left keeps no access until it would have expired.
// The sweep runs it; a grant is revoked by latch itself, with the reason in
// its history.
func (s *Service) endDeparted(ctx context.Context) error {
	people, err := s.store.ActiveRequesters(ctx)
	if err != nil {
		return err
	}
	for _, email := range people {
		if _, ok := s.dir.Person(email); ok {
			continue
		}
		grants, err := s.store.ListRequests(ctx, store.Filter{
			Statuses: []request.Status{request.Active}, Requester: email, Limit: 500,
		})
		if err != nil {
			return err
		}
		for _, r := range grants {
			if err := s.revokeDeparted(ctx, r); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *Service) revokeDeparted(ctx context.Context, r request.Request) error {
	r.Status, r.EndReason, r.EndedBy = request.Revoking, request.EndRevoke, request.SystemActor
	e := request.Event{
		At: s.now().UTC(), Kind: request.KindEnding, Actor: request.SystemActor,
		Source: request.SourceJob, FromStatus: request.Active, ToStatus: request.Revoking,
		Message: endMessage(request.EndRevoke, r.Requester+" is no longer in the directory"),
	}
	err := s.change(ctx, &r, e, func(ctx context.Context, tx *sql.Tx) error {
		return s.enqueue(ctx, tx, removeArgs{RequestID: r.ID}, time.Time{})
	})
	if errors.Is(err, request.ErrConflict) {
		return nil // ended meanwhile
	}
	if err == nil {
		s.log.Warn("revoking the grant of someone no longer in the directory",
			"request_id", r.ID, "requester", r.Requester, "resource", r.Resource)
	}
	return err
}
