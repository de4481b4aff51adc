package api

import (
	"net/http"

	"github.com/latchhq/latch/internal/export"
)

// exportRequests streams every request the caller may see that matches the
// query's filters as TSV (see package export). Once the first byte is out an
// error can no longer change the status, so it ends the body early and is
// logged; the missing final newline shows the file is incomplete.
func (s *Server) exportRequests(c *call) error {
	f, err := export.ParseQuery(c.r.URL.Query())
	if err != nil {
		return &badRequest{err.Error()}
	}

	rows := s.svc.Export(c.ctx, c.person, f)

	h := c.w.Header()
	h.Set("Content-Type", export.ContentType)
	h.Set("Content-Disposition", `attachment; filename="`+export.Filename(s.now())+`"`)
	h.Set("Cache-Control", "no-store")
	n, err := export.Write(c.ctx, c.w, rows)
	if err != nil {
		s.log.Error("export failed", "actor", c.person.Email, "rows", n, "err", err)
		panic(http.ErrAbortHandler)
	}
	s.log.Info("requests exported", "actor", c.person.Email, "rows", n)
	return nil
}
