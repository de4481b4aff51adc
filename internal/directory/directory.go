// Package directory answers who a person is and what roles they hold, from
// the configured directory.
package directory

import (
	"strings"

	"github.com/latchhq/latch/internal/config"
	"github.com/latchhq/latch/internal/policy"
)

// Directory resolves email addresses to people with their roles.
type Directory struct {
	cfg *config.Config
}

// New builds a directory over cfg, which must have been validated.
func New(cfg *config.Config) *Directory {
	return &Directory{cfg: cfg}
}

// Person returns the directory user with this email and their roles; ok is
// false for anyone the directory does not know.
func (d *Directory) Person(email string) (policy.Person, bool) {
	u, ok := d.cfg.User(strings.TrimSpace(email))
	if !ok {
		return policy.Person{}, false
	}
	return policy.Person{
		Email:    u.Email,
		Name:     u.Name,
		Groups:   u.Groups,
		Approver: d.cfg.Approvals.Approvers.Includes(u),
		Admin:    d.cfg.Directory.Admins.Includes(u),
		Auditor:  d.cfg.Directory.Auditors.Includes(u),
	}, true
}

// Roles names p's roles, "requester" first.
func Roles(p policy.Person) []string {
	roles := []string{"requester"}
	if p.Approver {
		roles = append(roles, "approver")
	}
	if p.Admin {
		roles = append(roles, "admin")
	}
	if p.Auditor {
		roles = append(roles, "auditor")
	}
	return roles
}
