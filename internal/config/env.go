package config

import (
	"fmt"
	"os"
	"strings"
)

// secretSource is one secret setting: its YAML value and file fields and
// the environment variables that override them.
type secretSource struct {
	value *Secret
	file  *string
	// field is the YAML path of the value; the file field adds "_file".
	field string
	// env is the variable that overrides the value; env+"_FILE" names a file.
	env string
}

// resolveSecrets applies the environment overrides and reads every secret
// file named in the YAML or the environment.
func (c *Config) resolveSecrets(getenv func(string) string) error {
	var p problems
	if v := getenv("LATCH_LISTEN"); v != "" {
		c.Listen = v
	}
	for _, s := range c.secretSources() {
		from := s.override(getenv, &p)
		s.read(from, &p)
	}
	return p.err()
}

// secretSources lists the store, each postgres integration's DSN and the
// Slack secrets.
func (c *Config) secretSources() []secretSource {
	sources := []secretSource{{&c.Store, &c.StoreFile, "store", "LATCH_STORE"}}
	for i := range c.Integrations {
		in := &c.Integrations[i]
		if in.Type != "postgres" || in.Postgres == nil {
			continue
		}
		sources = append(sources, secretSource{
			value: &in.Postgres.DSN,
			file:  &in.Postgres.DSNFile,
			field: fmt.Sprintf("integrations[%d].postgres.dsn", i),
			env:   "LATCH_INTEGRATION_" + envName(in.Name) + "_DSN",
		})
	}
	sources = append(sources, c.Slack.secretSources()...)
	return append(sources, c.webSecretSources()...)
}

// envName turns an integration name into the NAME part of its
// LATCH_INTEGRATION_NAME_* variables: upper case, with every character
// other than a letter or digit replaced by "_".
func envName(name string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		case r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			return r
		}
		return '_'
	}, name)
}

// override applies the environment over the YAML. Either variable replaces
// both YAML fields. It returns the name of the setting that gave the file
// path, or "" when there is no file to read.
func (s secretSource) override(getenv func(string) string, p *problems) string {
	if *s.value != "" && *s.file != "" {
		name := lastPart(s.field)
		p.add(s.field, "%s and %s_file are both set: keep only one", name, name)
	}
	from := s.field + "_file"
	val, file := getenv(s.env), getenv(s.env+"_FILE")
	switch {
	case val != "" && file != "":
		p.add(s.env, "both %s and %s_FILE are set: unset one of them", s.env, s.env)
		return ""
	case val != "":
		*s.value, *s.file = Secret(val), ""
	case file != "":
		*s.value, *s.file = "", file
		from = s.env + "_FILE"
	}
	if *s.file == "" {
		return ""
	}
	return from
}

// read replaces the value with the contents of the file, without trailing
// newlines.
func (s secretSource) read(from string, p *problems) {
	if from == "" || *s.value != "" {
		return
	}
	b, err := os.ReadFile(*s.file)
	if err != nil {
		p.add(from, "%w: name a readable file that holds the secret", err)
		return
	}
	v := strings.TrimRight(string(b), "\r\n")
	if v == "" {
		p.add(from, "file %s is empty: write the secret into it", *s.file)
		return
	}
	*s.value = Secret(v)
}

func lastPart(field string) string {
	return field[strings.LastIndexByte(field, '.')+1:]
}
