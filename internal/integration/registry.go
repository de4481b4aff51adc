package integration

import (
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"

	"github.com/latchhq/latch/internal/config"
)

// ErrUnknownResource is wrapped by Resolve when a resource is malformed or
// names an integration or access that is not configured.
var ErrUnknownResource = errors.New("unknown resource")

// Registry holds the configured integrations by name, in configured order.
type Registry struct {
	list   []Integration
	byName map[string]Integration
}

// ResourceInfo describes one requestable resource.
type ResourceInfo struct {
	// Resource is "INTEGRATION/ACCESS".
	Resource    string
	Integration string
	Type        string
	Access      string
	Description string
}

// New makes a registry of ready integrations, for tests. It panics when two
// share a name or one is malformed.
func New(integrations ...Integration) *Registry {
	r := &Registry{byName: make(map[string]Integration)}
	for _, in := range integrations {
		if err := r.add(in); err != nil {
			panic(err)
		}
	}
	return r
}

// FromConfig builds every configured integration. Secrets in the options must
// already be resolved. Nothing connects yet, so a target that is down does
// not stop latch from starting.
func FromConfig(cfg []config.Integration) (*Registry, error) {
	r := &Registry{byName: make(map[string]Integration)}
	for _, ic := range cfg {
		in, err := build(ic)
		if err == nil {
			err = r.add(in)
		}
		if err != nil {
			return nil, errors.Join(err, r.Close())
		}
	}
	return r, nil
}

// build makes one integration from its configuration.
func build(ic config.Integration) (Integration, error) {
	timeout := time.Duration(ic.Timeout)
	if timeout <= 0 {
		timeout = defaultTimeout
	}

	switch ic.Type {
	case "postgres":
		if ic.Postgres == nil {
			return nil, fmt.Errorf("integration %q: no postgres options", ic.Name)
		}
		p, err := NewPostgres(ic.Name, *ic.Postgres, ic.Postgres.DSN.Reveal())
		if err != nil {
			return nil, err
		}
		p.timeout = timeout
		return p, nil
	case "command":
		if ic.Command == nil {
			return nil, fmt.Errorf("integration %q: no command options", ic.Name)
		}
		for _, argv := range [][]string{ic.Command.Grant, ic.Command.Remove} {
			if len(argv) == 0 {
				continue
			}
			if _, err := exec.LookPath(argv[0]); err != nil {
				return nil, fmt.Errorf("integration %q: program %s: %w: install it or fix "+
					"the path", ic.Name, argv[0], err)
			}
		}
		return NewCommand(ic.Name, *ic.Command, timeout), nil
	default:
		return nil, fmt.Errorf("integration %q: unknown type %q: want postgres or command",
			ic.Name, ic.Type)
	}
}

// add checks in and registers it; it closes in when refusing it.
// Add adds a ready integration beside the configured ones, before the
// registry is in use: for benchmarks and tests that need one in Go.
func (r *Registry) Add(in Integration) error { return r.add(in) }

func (r *Registry) add(in Integration) error {
	if err := checkIntegration(in); err != nil {
		return errors.Join(err, in.Close())
	}
	if _, dup := r.byName[in.Name()]; dup {
		return errors.Join(fmt.Errorf("integration %q configured twice", in.Name()), in.Close())
	}
	r.byName[in.Name()] = in
	r.list = append(r.list, in)
	return nil
}

// checkIntegration refuses names that would make resources ambiguous.
func checkIntegration(in Integration) error {
	name := in.Name()
	if name == "" || strings.Contains(name, "/") {
		return fmt.Errorf("integration name %q: want a non-empty name without a slash", name)
	}

	seen := make(map[string]bool)
	for _, a := range in.Accesses() {
		if a.Name == "" {
			return fmt.Errorf("integration %q: access without a name", name)
		}
		if seen[a.Name] {
			return fmt.Errorf("integration %q: access %q listed twice", name, a.Name)
		}
		seen[a.Name] = true
	}
	return nil
}

// Names lists the integrations, configured and added, in the order given.
func (r *Registry) Names() []string {
	names := make([]string, len(r.list))
	for i, in := range r.list {
		names[i] = in.Name()
	}
	return names
}

// Get returns the integration with that name.
func (r *Registry) Get(name string) (Integration, bool) {
	in, ok := r.byName[name]
	return in, ok
}

// Resolve splits "INTEGRATION/ACCESS" and returns the integration and the
// access, after checking that both are configured. Its errors wrap
// ErrUnknownResource and are fit to show the requester.
func (r *Registry) Resolve(resource string) (Integration, string, error) {
	name, access, ok := strings.Cut(resource, "/")
	if !ok || name == "" || access == "" {
		return nil, "", fmt.Errorf("%w %q: want INTEGRATION/ACCESS, for example db/readonly",
			ErrUnknownResource, resource)
	}

	in, ok := r.byName[name]
	if !ok {
		return nil, "", fmt.Errorf(`%w %q: run "latch resources" to list what may be requested`,
			ErrUnknownResource, resource)
	}
	if checkAccess(in.Accesses(), access) != nil {
		return nil, "", fmt.Errorf("%w %q: integration %q offers %s",
			ErrUnknownResource, resource, name, accessNames(in.Accesses()))
	}
	return in, access, nil
}

// Resources lists every requestable resource in configured order.
func (r *Registry) Resources() []ResourceInfo {
	var out []ResourceInfo
	for _, in := range r.list {
		for _, a := range in.Accesses() {
			out = append(out, ResourceInfo{
				Resource:    in.Name() + "/" + a.Name,
				Integration: in.Name(),
				Type:        in.Type(),
				Access:      a.Name,
				Description: a.Description,
			})
		}
	}
	return out
}

// Close closes every integration and joins their errors.
func (r *Registry) Close() error {
	var errs []error
	for _, in := range r.list {
		errs = append(errs, in.Close())
	}
	return errors.Join(errs...)
}
