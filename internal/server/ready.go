package server

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/latchhq/latch/internal/store"
)

// prepareSchema migrates the store, or with skip only checks that its
// schema is the one this latch knows. Either way a schema newer than this
// latch is refused: an older binary must not write to it.
func prepareSchema(ctx context.Context, st *store.Store, skip bool) error {
	if !skip {
		return st.Migrate(ctx)
	}
	if err := st.CheckSchema(ctx); err != nil {
		return fmt.Errorf("--no-migrate: %w", err)
	}
	return nil
}

// readyz answers 200 when the store answers and its schema is current, so
// that a load balancer sends calls only to replicas that can serve them.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.store.Ready(ctx); err != nil {
		s.log.Warn("not ready", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintf(w, "not ready: %v\n", err)
		return
	}
	w.Write([]byte("ok\n"))
}
