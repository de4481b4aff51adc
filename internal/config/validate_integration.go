package config

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"time"
	"unicode"
)

var (
	integrationName = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)
	roleName        = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)
	userPrefix      = regexp.MustCompile(`^[a-z0-9_]*$`)
	accessName      = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,62}$`)
)

// maxTimeout caps an integration's timeout.
const maxTimeout = Duration(10 * time.Minute)

func (c *Config) validateIntegrations(p *problems) {
	seen := make(map[string]int)
	for i, in := range c.Integrations {
		field := fmt.Sprintf("integrations[%d]", i)
		if j, dup := seen[in.Name]; dup {
			p.add(field+".name", "%q is already used by integrations[%d]: names must be unique", in.Name, j)
		} else {
			seen[in.Name] = i
		}
		in.validate(p, field)
	}
}

func (in Integration) validate(p *problems, field string) {
	if !integrationName.MatchString(in.Name) {
		p.add(field+".name", "%q is not a valid integration name: use 1 to 63 lower-case "+
			`letters, digits and "-", starting with a letter or digit`, in.Name)
	}
	if in.Timeout <= 0 || in.Timeout > maxTimeout {
		p.add(field+".timeout", "%s is out of range: give a duration above 0 and at most %s",
			in.Timeout, maxTimeout)
	}

	switch in.Type {
	case "postgres":
		requireBlock(p, field, in.Type, in.Postgres != nil, "command", in.Command != nil)
		if in.Postgres != nil {
			in.Postgres.validate(p, field+".postgres", in.Name)
		}
	case "command":
		requireBlock(p, field, in.Type, in.Command != nil, "postgres", in.Postgres != nil)
		if in.Command != nil {
			in.Command.validate(p, field+".command")
		}
	case "":
		p.add(field+".type", `required: set it to "postgres" or "command"`)
	default:
		p.add(field+".type", `%q is not a known type: use "postgres" or "command"`, in.Type)
	}
}

// requireBlock checks that the options block named by the integration's
// type is present and the other type's block is not.
func requireBlock(p *problems, field, typ string, has bool, other string, hasOther bool) {
	if !has {
		p.add(field+"."+typ, "required for type %q: add a %s: block", typ, typ)
	}
	if hasOther {
		p.add(field+"."+other, "not allowed for type %q: remove the %s: block", typ, other)
	}
}

func (o *PostgresOptions) validate(p *problems, field, name string) {
	if o.DSN == "" {
		env := "LATCH_INTEGRATION_" + envName(name) + "_DSN"
		p.add(field+".dsn", "required: set dsn_file, or %s or %s_FILE in the environment", env, env)
	}
	if o.User != "local_part" && o.User != "email" {
		p.add(field+".user", `%q is not a user mapping: use "local_part" or "email"`, o.User)
	}
	if !userPrefix.MatchString(o.UserPrefix) {
		p.add(field+".user_prefix", "%q may hold only lower-case letters, digits and \"_\"", o.UserPrefix)
	}
	if len(o.Roles) == 0 {
		p.add(field+".roles", "required: list at least one role that may be requested")
	}
	validateAccesses(p, field+".roles", o.Roles, roleName, "role name: use 1 to 63 "+
		`lower-case letters, digits and "_", starting with a letter or "_"`)
}

func (o *CommandOptions) validate(p *problems, field string) {
	validateArgv(p, field+".grant", o.Grant)
	validateArgv(p, field+".remove", o.Remove)
	if len(o.Accesses) == 0 {
		p.add(field+".accesses", "required: list at least one access that may be requested")
	}
	validateAccesses(p, field+".accesses", o.Accesses, accessName, "access name: use 1 to 63 "+
		`lower-case letters, digits, ".", "_" and "-", starting with a letter or digit`)
}

// validateArgv checks a program to run without a shell: its first element
// is an absolute path or a program name looked up in PATH.
func validateArgv(p *problems, field string, argv []string) {
	if len(argv) == 0 {
		p.add(field, "required: give the program and its arguments as a list, "+
			`such as ["/usr/local/bin/PROGRAM", "ARG"]`)
		return
	}
	prog := argv[0]
	switch {
	case strings.ContainsFunc(prog, unicode.IsSpace):
		p.add(field+"[0]", "%q contains spaces: give an argv list with the program and each "+
			`argument as its own element, such as ["/usr/bin/grant", "--user"], not a shell string`, prog)
	case prog == "":
		p.add(field+"[0]", "empty: give an absolute path or a program name")
	case strings.ContainsRune(prog, '/') && !filepath.IsAbs(prog):
		p.add(field+"[0]", "%q is a relative path: give an absolute path or a bare program name", prog)
	}
}

// validateAccesses checks that names match re and are unique.
func validateAccesses(p *problems, field string, accesses []Access, re *regexp.Regexp,
	rule string) {
	seen := make(map[string]int)
	for i, a := range accesses {
		f := fmt.Sprintf("%s[%d].name", field, i)
		if !re.MatchString(a.Name) {
			p.add(f, "%q is not a valid %s", a.Name, rule)
		}
		if j, dup := seen[a.Name]; dup {
			p.add(f, "%q is already listed as %s[%d]: names must be unique", a.Name, field, j)
		} else {
			seen[a.Name] = i
		}
	}
}
