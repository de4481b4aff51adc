package cli

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/latchhq/latch/internal/duration"
)

// outputFormat is the -o flag: text for people, json for scripts. As a
// flag value it refuses any other format while the flags are parsed.
type outputFormat string

const (
	textOutput outputFormat = "text"
	jsonOutput outputFormat = "json"
)

func (o *outputFormat) String() string { return string(*o) }

func (o *outputFormat) Type() string { return "format" }

func (o *outputFormat) Set(s string) error {
	switch f := outputFormat(s); f {
	case textOutput, jsonOutput:
		*o = f
		return nil
	}
	return fmt.Errorf("output format %q is not text or json", s)
}

// addOutputFlag gives cmd -o/--output and returns its value.
func addOutputFlag(cmd *cobra.Command) *outputFormat {
	o := textOutput
	cmd.Flags().VarP(&o, "output", "o", "output format: text or json")
	return &o
}

// durationValue is a flag holding a duration as people type it ("90m",
// "1d"), checked by duration.Parse while the flags are parsed.
type durationValue struct {
	text string
	d    time.Duration
}

func (v *durationValue) String() string { return v.text }

func (v *durationValue) Type() string { return "duration" }

func (v *durationValue) Set(s string) error {
	d, err := duration.Parse(s)
	if err != nil {
		return err
	}
	v.text, v.d = strings.TrimSpace(s), d
	return nil
}

// statuses are the lifecycle statuses a request can be in.
var statuses = []string{
	"pending", "approved", "active", "revoking", "denied", "canceled",
	"timed_out", "expired", "revoked", "relinquished", "errored",
}

// statusValue is a flag holding one of statuses.
type statusValue string

func (v *statusValue) String() string { return string(*v) }

func (v *statusValue) Type() string { return "status" }

func (v *statusValue) Set(s string) error {
	if !slices.Contains(statuses, s) {
		return fmt.Errorf("unknown status %q: use one of %s", s, strings.Join(statuses, ", "))
	}
	*v = statusValue(s)
	return nil
}

// exactArgs wants one positional argument per name, as in the usage line.
func exactArgs(names ...string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) < len(names) {
			return usagef("missing %s", names[len(args)])
		}
		if len(args) > len(names) {
			return usagef("unexpected argument %q", args[len(names)])
		}
		return nil
	}
}

// idArg wants exactly one argument that looks like a request id.
func idArg(cmd *cobra.Command, args []string) error {
	if err := exactArgs("request ID")(cmd, args); err != nil {
		return err
	}
	return checkID(args[0])
}

// checkID refuses what cannot be a request id, before any server call.
func checkID(id string) error {
	if id == "" || id == "." || id == ".." {
		return usagef("invalid request ID %q", id)
	}
	if strings.ContainsFunc(id, isSpaceOrControl) {
		return usagef("invalid request ID %q: it has spaces or control characters", id)
	}
	return nil
}
