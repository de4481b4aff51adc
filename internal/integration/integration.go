// Package integration grants and removes access in target systems. Every
// integration is idempotent: granting what exists and removing what is gone
// both succeed.
package integration

import (
	"context"
	"time"
)

// Grant describes one access for one person, as handed to an integration.
type Grant struct {
	RequestID string
	// User is the person's email address.
	User string
	// Resource is "INTEGRATION/ACCESS".
	Resource string
	// Access is the part of Resource after the slash.
	Access string
	// ExpiresAt is when the grant ends (UTC); zero when removing.
	ExpiresAt time.Time
}

// Access is one requestable access as an integration describes it.
type Access struct {
	Name        string
	Description string
}

// Integration is one configured target system.
type Integration interface {
	// Name is the configured name, the first part of a resource.
	Name() string
	// Type is "postgres", "command", ...
	Type() string
	// Accesses lists what may be requested, in configured order.
	Accesses() []Access
	// Grant gives the access; it succeeds when the access already exists.
	// It returns within ctx's deadline.
	Grant(ctx context.Context, g Grant) error
	// Remove takes the access away; it succeeds when it is already gone.
	// It returns within ctx's deadline.
	Remove(ctx context.Context, g Grant) error
	// Close releases connections.
	Close() error
}
