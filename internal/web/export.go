package web

import (
	"net/http"

	"github.com/latchhq/latch/internal/export"
)

// exportTSV downloads what the list's filters show, every page of it, as
// the same TSV as the API and "latch export". An error after the first
// byte breaks the connection, so a partial file never looks complete.
func (s *Server) exportTSV(w http.ResponseWriter, r *http.Request, v *viewer) error {
	f, err := export.ParseQuery(r.URL.Query())
	if err != nil {
		return &badInput{err.Error()}
	}

	rows := s.svc.Export(r.Context(), v.person, f)

	h := w.Header()
	h.Set("Content-Type", export.ContentType)
	h.Set("Content-Disposition", `attachment; filename="`+export.Filename(s.now())+`"`)
	n, err := export.Write(r.Context(), w, rows)
	if err != nil {
		s.log.Error("export failed", "actor", v.person.Email, "rows", n, "err", err)
		panic(http.ErrAbortHandler)
	}
	s.log.Info("requests exported", "actor", v.person.Email, "rows", n)
	return nil
}
