package api

import (
	"net/http"

	"github.com/latchhq/latch/internal/directory"
)

func (s *Server) whoami(c *call) error {
	p := c.person
	groups := p.Groups
	if groups == nil {
		groups = []string{}
	}
	writeJSON(c.w, http.StatusOK, Whoami{
		Email: p.Email, Name: p.Name, Groups: groups, Roles: directory.Roles(p),
	})
	return nil
}

func (s *Server) resources(c *call) error {
	out := ResourceList{Resources: []Resource{}}
	for _, r := range s.svc.Integrations().Resources() {
		out.Resources = append(out.Resources, Resource{
			Resource: r.Integration + "/" + r.Access, Integration: r.Integration,
			Type: r.Type, Access: r.Access, Description: r.Description,
		})
	}
	writeJSON(c.w, http.StatusOK, out)
	return nil
}
