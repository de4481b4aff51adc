package config

import (
	"errors"
	"fmt"
)

// problems collects configuration errors, each naming the field it is
// about, so that one run reports all of them.
type problems struct{ errs []error }

// add records a problem with field, described by a format and its args;
// %w may wrap a cause.
func (p *problems) add(field, format string, args ...any) {
	p.errs = append(p.errs, fmt.Errorf("%s: %w", field, fmt.Errorf(format, args...)))
}

// err joins the problems, one a line, or returns nil when there are none.
func (p *problems) err() error { return errors.Join(p.errs...) }
