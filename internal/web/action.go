package web

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/latchhq/latch/internal/request"
)

// maxForm bounds a form body.
const maxForm = 64 << 10

// act runs one action on the request in the address. On success it
// redirects to the request's drawer with a notice (post, redirect, get, so
// that reloading does not repeat the action); when the lifecycle refuses,
// the drawer shows why, with the refusal's status.
func (s *Server) act(w http.ResponseWriter, r *http.Request, v *viewer, notice string,
	fn func(id string) error) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		return &badInput{"The form could not be read: " + err.Error()}
	}
	id := r.PathValue("id")

	err := fn(id)
	if err != nil && !errors.Is(err, request.ErrNotFound) {
		status, msg := s.statusOf(r, err)
		if status != http.StatusInternalServerError {
			return s.showDetails(w, r, v, id, status, msg)
		}
	}
	if err != nil {
		return err
	}

	back, _ := url.ParseQuery(r.PostFormValue("back"))
	q := listQuery(back)
	q.Set("notice", notice)
	http.Redirect(w, r, "/requests/"+url.PathEscape(id)+"?"+q.Encode(), http.StatusSeeOther)
	return nil
}
