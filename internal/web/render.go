package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"github.com/latchhq/latch/internal/directory"
	"github.com/latchhq/latch/internal/duration"
	"github.com/latchhq/latch/internal/request"
)

// pageNames are the templates under templates/, each rendered inside
// layout.html with the shared pieces of parts.html.
var pageNames = []string{"list", "new", "login", "refused", "error"}

// page is what every template gets.
type page struct {
	Title  string
	Viewer *viewerView
	// Nav marks the current section in the header: "list" or "new".
	Nav  string
	Data any
}

// viewerView is the signed-in person as the header shows them.
type viewerView struct {
	Name, Email string
	Roles       []string
}

func (v *viewer) view() *viewerView {
	if v == nil {
		return nil
	}
	name := v.person.Name
	if name == "" {
		name = v.person.Email
	}
	return &viewerView{Name: name, Email: v.person.Email, Roles: directory.Roles(v.person)}
}

var funcs = template.FuncMap{
	"iso": func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	"utc": func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") },
	"utcFull": func(t time.Time) string {
		return t.UTC().Format("2006-01-02 15:04:05 UTC")
	},
	"span": func(d time.Duration) string {
		if d == 0 {
			return ""
		}
		return duration.Format(d)
	},
	"statusLabel": statusLabel,
	"kindLabel":   func(k string) string { return strings.ReplaceAll(k, "_", " ") },
	"join":        strings.Join,
}

func parsePages() (map[string]*template.Template, error) {
	out := make(map[string]*template.Template, len(pageNames))
	for _, name := range pageNames {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(files,
			"templates/layout.html", "templates/parts.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("web templates: %w", err)
		}
		out[name] = t
	}
	return out, nil
}

// render writes a whole page. It renders into a buffer first, so that a
// template error gives a clean 500 instead of half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string,
	p page) error {
	var buf bytes.Buffer
	if err := s.pages[name].Execute(&buf, p); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

type errorView struct {
	Status  int
	Heading string
	Message string
}

func (s *Server) renderError(w http.ResponseWriter, r *http.Request, v *viewer, status int,
	msg string) {
	e := errorView{Status: status, Heading: http.StatusText(status), Message: msg}
	if err := s.render(w, r, status, "error", page{Title: e.Heading, Viewer: v.view(), Data: e}); err != nil {
		s.log.Error("render error page", "err", err)
		http.Error(w, msg, status)
	}
}

// assets serves the embedded stylesheet, script and icons: files only, so
// /assets/ and any folder under it are not found rather than listed.
func (s *Server) assets(w http.ResponseWriter, r *http.Request) error {
	name := strings.TrimPrefix(r.URL.Path, "/assets/")
	f, modTime, ok := openAsset(name)
	if !ok {
		s.renderError(w, r, nil, http.StatusNotFound, "latch has no such file.")
		return nil
	}
	defer f.Close()

	w.Header().Set("Cache-Control", "public, max-age=3600")
	http.ServeContent(w, r, name, modTime, f)
	return nil
}

// openAsset opens the regular file name under assets/; ok is false for
// anything else, a folder included.
func openAsset(name string) (f io.ReadSeekCloser, modTime time.Time, ok bool) {
	if !fs.ValidPath(name) {
		return nil, time.Time{}, false
	}
	file, err := files.Open("assets/" + name)
	if err != nil {
		return nil, time.Time{}, false
	}
	info, err := file.Stat()
	f, seeks := file.(io.ReadSeekCloser)
	if err != nil || !info.Mode().IsRegular() || !seeks {
		file.Close()
		return nil, time.Time{}, false
	}
	return f, info.ModTime(), true
}

// statusLabel is how pages write a status: "timed out" for timed_out.
func statusLabel(s request.Status) string { return strings.ReplaceAll(string(s), "_", " ") }
