package lifecycle

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/latchhq/latch/internal/request"
	"github.com/latchhq/latch/internal/store"
)

// LoadGrants records active grants of the resource for requester, n of
// them, all ending at ends, each with its history and its removal job, in
// transactions of a thousand. It skips provisioning: it is for benchmarks
// and drills that need many grants ending at once, whose end then runs the
// real path, from the expire job that provisioning would have written.
// Plugins do not hear of these events. It returns the ids.
func (s *Service) LoadGrants(ctx context.Context, requester, resource string, n int,
	ends time.Time) ([]string, error) {
	in, access, err := s.integrations.Resolve(resource)
	if err != nil {
		return nil, fmt.Errorf("load grants: %w", err)
	}
	var ids []string
	for len(ids) < n {
		batch := min(n-len(ids), 1000)
		err := s.store.InTx(ctx, func(tx *store.Tx) error {
			var jobs []river.InsertManyParams
			for range batch {
				r, err := s.loadGrant(ctx, tx, requester, in.Name(), access, ends)
				if err != nil {
					return err
				}
				ids = append(ids, r.ID)
				jobs = append(jobs, river.InsertManyParams{
					Args:       expireArgs{RequestID: r.ID},
					InsertOpts: s.insertOpts(ends),
				})
			}
			_, err := s.jobs.InsertManyTx(ctx, tx.SQL(), jobs)
			return err
		})
		if err != nil {
			return ids, fmt.Errorf("load grants: %w", err)
		}
	}
	return ids, nil
}

func (s *Service) loadGrant(ctx context.Context, tx *store.Tx, requester, integration,
	access string, ends time.Time) (request.Request, error) {
	now := s.now().UTC()
	r := request.Request{
		ID: s.newID(), Status: request.Pending, Requester: requester,
		Resource: integration + "/" + access, Integration: integration, Access: access,
		Reason: "loaded grant", CreatedAt: now, UpdatedAt: now,
	}
	if err := tx.CreateRequest(ctx, &r); err != nil {
		return r, err
	}
	r.Status, r.ApprovedBy, r.ApprovedAt = request.Active, request.SystemActor, now
	r.ApprovedDuration = ends.Sub(now)
	r.GrantedAt, r.EndsAt = now, ends
	if err := tx.UpdateRequest(ctx, &r); err != nil {
		return r, err
	}
	for _, e := range []request.Event{
		{Kind: request.KindRequested, ToStatus: request.Pending},
		{Kind: request.KindGranted, FromStatus: request.Pending, ToStatus: request.Active,
			Message: "loaded as granted"},
	} {
		e.RequestID, e.At, e.Actor, e.Source = r.ID, now, request.SystemActor, request.SourceJob
		if err := tx.AddEvent(ctx, &e); err != nil {
			return r, err
		}
	}
	return r, nil
}
