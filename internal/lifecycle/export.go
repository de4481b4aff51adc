package lifecycle

import (
	"context"
	"iter"
	"strings"

	"github.com/latchhq/latch/internal/policy"
	"github.com/latchhq/latch/internal/store"
)

// Scope narrows f to the requests p may see: admins, auditors and approvers
// see every request (with default approvals an approver may decide any),
// everyone else only their own. ok is false when f asks for someone else's
// requests that p may not see, so nothing can match.
func (s *Service) Scope(p policy.Person, f store.Filter) (scoped store.Filter, ok bool) {
	if p.Approver || p.Admin || p.Auditor {
		return f, true
	}
	if f.Requester != "" && !strings.EqualFold(f.Requester, p.Email) {
		return f, false
	}
	f.Requester = p.Email
	return f, true
}

// Export yields every request p may see that matches f, newest first, with
// its discussion, streamed from the store.
func (s *Service) Export(ctx context.Context, p policy.Person,
	f store.Filter) iter.Seq2[store.ExportRow, error] {
	f, ok := s.Scope(p, f)
	if !ok {
		return func(func(store.ExportRow, error) bool) {}
	}
	return s.store.ExportRequests(ctx, f)
}
