package config

import (
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

var groupName = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)

// Validate checks the whole configuration and returns every problem found,
// joined, one a line, each starting with the path of its field. Load calls
// it after applying defaults; a Config built by hand should be complete.
func (c *Config) Validate() error {
	var p problems
	validateListen(&p, c.Listen)
	validateStore(&p, c.Store)
	c.validateDirectory(&p)
	c.validateApprovals(&p)
	c.validateIntegrations(&p)
	c.Jobs.validate(&p)
	c.Slack.validate(&p)
	c.validateWeb(&p)
	return p.err()
}

func validateListen(p *problems, listen string) {
	_, port, err := net.SplitHostPort(listen)
	if err != nil {
		p.add("listen", "%q is not host:port: write it as, for example, 127.0.0.1:8080", listen)
		return
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		p.add("listen", "port %q is not a number from 0 to 65535", port)
	}
}

// validateStore never prints the value: a PostgreSQL URL may hold a password.
func validateStore(p *problems, store Secret) {
	v := store.Reveal()
	switch {
	case strings.HasPrefix(v, "sqlite:"):
		if strings.TrimPrefix(v, "sqlite:") == "" {
			p.add("store", `"sqlite:" needs a file path, such as sqlite:./latch.db`)
		}
	case strings.HasPrefix(v, "postgres://"), strings.HasPrefix(v, "postgresql://"):
		if _, err := url.Parse(v); err != nil {
			p.add("store", "the PostgreSQL URL does not parse: write it as "+
				"postgres://USER:PASSWORD@HOST:PORT/DATABASE, with special characters %%-escaped")
		}
	default:
		p.add("store", `must be "sqlite:PATH" or a "postgres://" URL (value not shown)`)
	}
}

func (c *Config) validateDirectory(p *problems) {
	seen := make(map[string]int)
	for i, u := range c.Directory.Users {
		field := fmt.Sprintf("directory.users[%d]", i)
		validateEmail(p, field+".email", u.Email)
		key := strings.ToLower(u.Email)
		if j, dup := seen[key]; dup && key != "" {
			p.add(field+".email", "%q is already listed as directory.users[%d]: "+
				"list each person once", u.Email, j)
		} else {
			seen[key] = i
		}
		for k, g := range u.Groups {
			if !groupName.MatchString(g) {
				p.add(fmt.Sprintf("%s.groups[%d]", field, k), "%s", badGroupName(g))
			}
		}
	}
	c.validatePrincipals(p, "directory.admins", c.Directory.Admins)
	c.validatePrincipals(p, "directory.auditors", c.Directory.Auditors)
}

func validateEmail(p *problems, field, email string) {
	if email == "" {
		p.add(field, "required: every user needs an email address")
		return
	}
	a, err := mail.ParseAddress(email)
	if err != nil || a.Name != "" || !strings.EqualFold(a.Address, email) {
		p.add(field, "%q is not an email address: write it as name@example.com", email)
	}
}

func badGroupName(g string) string {
	return fmt.Sprintf("%q is not a valid group name: use lower-case letters, digits, "+
		`".", "_" and "-", starting with a letter or digit`, g)
}

// validatePrincipals checks that every user is in the directory and that
// every group has at least one member.
func (c *Config) validatePrincipals(p *problems, field string, pr Principals) {
	for i, email := range pr.Users {
		if _, ok := c.User(email); !ok {
			p.add(fmt.Sprintf("%s.users[%d]", field, i),
				"%q is not in the directory: add them to directory.users or remove them here", email)
		}
	}
	for i, g := range pr.Groups {
		f := fmt.Sprintf("%s.groups[%d]", field, i)
		switch {
		case !groupName.MatchString(g):
			p.add(f, "%s", badGroupName(g))
		case !c.hasGroup(g):
			p.add(f, "group %q has no members in the directory: "+
				"add it to a user's groups in directory.users or remove it here", g)
		}
	}
}

func (c *Config) hasGroup(g string) bool {
	for _, u := range c.Directory.Users {
		for _, ug := range u.Groups {
			if ug == g {
				return true
			}
		}
	}
	return false
}

func (c *Config) validateApprovals(p *problems) {
	a := c.Approvals
	c.validatePrincipals(p, "approvals.approvers", a.Approvers)
	if !c.anyMember(a.Approvers) {
		p.add("approvals.approvers", "no one in the directory can approve: "+
			"list directory users or groups that have members")
	}
	if a.MaxDuration < Duration(time.Second) {
		p.add("approvals.max_duration", "must be at least 1s, such as 1w")
	}
	for i, d := range a.ExpiryOptions {
		field := fmt.Sprintf("approvals.expiry_options[%d]", i)
		switch {
		case d < Duration(time.Second):
			p.add(field, "must be at least 1s, such as 1h")
		case a.MaxDuration > 0 && d > a.MaxDuration:
			p.add(field, "%s is longer than max_duration %s: remove it or raise max_duration",
				d, a.MaxDuration)
		}
	}
	if a.ApprovableWindow < Duration(time.Second) {
		p.add("approvals.approvable_window", "must be at least 1s, such as 24h")
	}
}

// anyMember reports whether any directory user is among pr.
func (c *Config) anyMember(pr Principals) bool {
	for _, u := range c.Directory.Users {
		if pr.Includes(u) {
			return true
		}
	}
	return false
}

func (j Jobs) validate(p *problems) {
	if j.MaxAttempts <= 0 {
		p.add("jobs.max_attempts", "must be positive, such as 8")
	}
	if j.RetryBase <= 0 {
		p.add("jobs.retry_base", "must be positive, such as 1s")
	}
	if j.RetryMax <= 0 {
		p.add("jobs.retry_max", "must be positive, such as 5m")
	}
	if j.RetryBase > 0 && j.RetryMax > 0 && j.RetryBase > j.RetryMax {
		p.add("jobs.retry_base", "%s is longer than retry_max %s: lower it or raise retry_max",
			j.RetryBase, j.RetryMax)
	}
}
