package config

import (
	"fmt"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/latchhq/latch/internal/duration"
)

const redacted = "[redacted]"

// Reveal returns the secret's value. Call it only where the value is used,
// never to print or log it.
func (s Secret) Reveal() string { return string(s) }

// String returns "[redacted]" for a non-empty secret and "" for an empty one,
// so that fmt and loggers never print the value.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return redacted
}

// GoString redacts the secret for the %#v verb too.
func (s Secret) GoString() string { return fmt.Sprintf("config.Secret(%q)", s.String()) }

// MarshalText redacts the secret in JSON and other text encodings.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// MarshalYAML redacts the secret when a configuration is printed.
func (s Secret) MarshalYAML() (any, error) { return s.String(), nil }

// UnmarshalYAML reads a duration such as "90s", "15m", "2h", "1d" or "1w".
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return typeError(n, "a duration must be a single value, such as 15m, 2h, 1d or 1w")
	}
	v, err := duration.Parse(n.Value)
	if err != nil {
		return typeError(n, err.Error())
	}
	*d = Duration(v)
	return nil
}

// MarshalYAML prints the duration in the largest units that fit, such as
// "1w" or "1d12h".
func (d Duration) MarshalYAML() (any, error) { return d.String(), nil }

// String prints the duration as Format does, such as "1w" or "90s".
func (d Duration) String() string { return duration.Format(time.Duration(d)) }

// typeError reports a bad value at n's line. A yaml.TypeError lets the
// decoder go on and report every bad value at once.
func typeError(n *yaml.Node, msg string) error {
	return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: %s", n.Line, msg)}}
}
