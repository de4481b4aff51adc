package main

import (
	"context"
	"sync/atomic"

	"github.com/latchhq/latch/internal/integration"
)

// inProcess is an integration written in Go that grants and removes nothing
// and counts its calls. Expiring grants of it measures latch's own expiry
// path (queue, compare-and-set, events) without the cost of starting a
// program for each removal, which the command integration pays.
type inProcess struct {
	removals atomic.Int64
}

// inProcessResource is the resource of the in-process integration.
const inProcessResource = "inproc/shell"

func (*inProcess) Name() string { return "inproc" }
func (*inProcess) Type() string { return "go" }
func (*inProcess) Close() error { return nil }

func (*inProcess) Accesses() []integration.Access {
	return []integration.Access{{Name: "shell"}}
}

func (*inProcess) Grant(context.Context, integration.Grant) error { return nil }

func (p *inProcess) Remove(context.Context, integration.Grant) error {
	p.removals.Add(1)
	return nil
}
