package config

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Load reads the YAML file at path, applies the LATCH_* environment
// overrides, reads secret files, fills in defaults and validates the result.
// Every problem found is reported, each on its own line and naming its field.
func Load(path string) (*Config, error) {
	return LoadWith(path, os.Getenv)
}

// LoadWith is Load with the environment read through getenv, so that tests
// need not touch the process environment. An empty value counts as unset.
// Relative secret file paths are taken from the working directory.
func LoadWith(path string, getenv func(string) string) (*Config, error) {
	c, err := loadSteps(path, getenv)
	if err != nil {
		return nil, fmt.Errorf("load config %s:\n%w", path, err)
	}
	return c, nil
}

// loadSteps runs the steps of LoadWith. A problem in one step stops it, since
// the later steps would only report its consequences.
func loadSteps(path string, getenv func(string) string) (*Config, error) {
	c, err := decode(path)
	if err != nil {
		return nil, err
	}

	if err := c.resolveSecrets(getenv); err != nil {
		return nil, err
	}

	c.normalize()
	c.applyDefaults()

	if err := c.Validate(); err != nil {
		return nil, err
	}
	return c, nil
}

// decode reads one YAML document strictly: an unknown field is an error.
// An empty file gives an empty configuration.
func decode(path string) (*Config, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()

	dec := yaml.NewDecoder(f)
	dec.KnownFields(true)
	var c Config
	if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
		return nil, explainDecode(err)
	}
	return &c, nil
}

var unknownField = regexp.MustCompile(`^line (\d+): field (\S+) not found in type (\S+)$`)

// explainDecode rewrites yaml's type errors into one error a line, turning
// "field x not found" into a hint at the field that was probably meant.
func explainDecode(err error) error {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return err
	}
	errs := make([]error, 0, len(te.Errors))
	for _, msg := range te.Errors {
		errs = append(errs, errors.New(explainLine(msg)))
	}
	return errors.Join(errs...)
}

var wrongType = regexp.MustCompile("^line (\\d+): cannot unmarshal !!(\\w+)(?: `(.*)`)? into (\\S+)$")

// yamlKinds names yaml's tags for people.
var yamlKinds = map[string]string{
	"str": "text", "int": "a number", "float": "a number", "bool": "true or false",
	"seq": "a list", "map": "a mapping", "null": "empty", "binary": "binary data",
	"timestamp": "a date",
}

// wantedKind names the kind of value a Go type holds, for people.
func wantedKind(goType string) string {
	switch {
	case strings.HasPrefix(goType, "[]"):
		return "a list"
	case strings.HasPrefix(goType, "map["):
		return "a mapping (key: value lines)"
	case goType == "string":
		return "text"
	case goType == "bool":
		return "true or false"
	case strings.HasPrefix(goType, "int"), strings.HasPrefix(goType, "uint"):
		return "a whole number"
	case strings.HasPrefix(goType, "float"):
		return "a number"
	}
	return "a mapping (key: value lines)"
}

func explainLine(msg string) string {
	if m := wrongType.FindStringSubmatch(msg); m != nil {
		line, tag, value, goType := m[1], m[2], m[3], m[4]
		got := cmp.Or(yamlKinds[tag], tag)
		if value != "" {
			got = fmt.Sprintf("%q is %s", value, got)
		} else {
			got = "this is " + got
		}
		return fmt.Sprintf("line %s: %s, want %s", line, got, wantedKind(goType))
	}
	m := unknownField.FindStringSubmatch(msg)
	if m == nil {
		return msg
	}
	line, field, typ := m[1], m[2], m[3]
	known := knownFields(typ)
	hint := "remove it or check its spelling"
	if best := closest(field, known); best != "" {
		hint = fmt.Sprintf("did you mean %q?", best)
	} else if len(known) > 0 {
		hint = fmt.Sprintf("remove it; the fields here are %s", strings.Join(known, ", "))
	}
	return fmt.Sprintf("line %s: unknown field %q: %s", line, field, hint)
}

// sections maps the type names that yaml reports to the config types.
var sections = map[string]reflect.Type{}

func init() {
	for _, v := range []any{
		Config{}, Directory{}, User{}, Principals{}, Approvals{}, Integration{},
		PostgresOptions{}, CommandOptions{}, Access{}, Jobs{},
	} {
		t := reflect.TypeOf(v)
		sections[t.String()] = t
	}
}

// knownFields lists the YAML field names of the named config type.
func knownFields(typ string) []string {
	t, ok := sections[typ]
	if !ok {
		return nil
	}
	var names []string
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name != "" && name != "-" {
			names = append(names, name)
		}
	}
	return names
}

// closest returns the candidate nearest to s when it is near enough to be a
// likely misspelling, else "".
func closest(s string, candidates []string) string {
	best, bestDist := "", 3
	for _, c := range candidates {
		if d := editDistance(s, c); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
