// Package config loads latch's YAML configuration, applies environment
// overrides and secret files, and validates the result before anything starts.
package config

import "time"

// Config is the whole of latch's configuration. Every field is documented in
// the README's configuration reference.
type Config struct {
	// Listen is the HTTP address, "127.0.0.1:8080" by default.
	Listen string `yaml:"listen"`
	// Store selects the store: "sqlite:PATH" (default "sqlite:./latch.db").
	// It is a secret, since a PostgreSQL URL may hold a password.
	Store Secret `yaml:"store"`
	// StoreFile names a file holding Store.
	StoreFile string `yaml:"store_file,omitempty"`

	Directory    Directory     `yaml:"directory"`
	Approvals    Approvals     `yaml:"approvals"`
	Integrations []Integration `yaml:"integrations"`
	Jobs         Jobs          `yaml:"jobs"`
	// Slack, when set, posts approval messages and takes decisions there.
	Slack *Slack `yaml:"slack,omitempty"`
	// Web configures the dashboard.
	Web *Web `yaml:"web,omitempty"`
}

// Secret is a string that never prints: String and MarshalYAML redact it.
type Secret string

// Directory lists the people latch knows, and who among them administers or
// audits.
type Directory struct {
	Users []User `yaml:"users"`
	// Admins may do everything an approver may, on every request, and retry
	// errored requests.
	Admins Principals `yaml:"admins"`
	// Auditors may read and export every request and change nothing.
	Auditors Principals `yaml:"auditors"`
}

// User is one person in the directory, identified by email.
type User struct {
	Email  string   `yaml:"email"`
	Name   string   `yaml:"name,omitempty"`
	Groups []string `yaml:"groups"`
}

// Principals names people directly by email and through directory groups.
type Principals struct {
	Users  []string `yaml:"users"`
	Groups []string `yaml:"groups"`
}

// Approvals holds the default approval rules.
type Approvals struct {
	Approvers Principals `yaml:"approvers"`
	// AllowOneParty lets a requester approve their own request.
	AllowOneParty bool `yaml:"allow_one_party"`
	// RequireReason refuses requests without a reason.
	RequireReason bool `yaml:"require_reason"`
	// ExpiryOptions are the presets offered to approvers, in order.
	ExpiryOptions []Duration `yaml:"expiry_options"`
	// MaxDuration caps both the wished duration and the approved expiry.
	MaxDuration Duration `yaml:"max_duration"`
	// ApprovableWindow is how long a request may stay pending before it
	// times out.
	ApprovableWindow Duration `yaml:"approvable_window"`
}

// Duration is a time.Duration written as "90s", "15m", "2h", "1d" or "1w".
type Duration time.Duration

// Integration is one configured target system.
type Integration struct {
	Name string `yaml:"name"`
	// Type is "postgres" or "command".
	Type string `yaml:"type"`
	// Timeout bounds each grant or removal call; 30s by default.
	Timeout  Duration         `yaml:"timeout"`
	Postgres *PostgresOptions `yaml:"postgres,omitempty"`
	Command  *CommandOptions  `yaml:"command,omitempty"`
}

// PostgresOptions configures a postgres integration: membership of existing
// roles for the requester's database user.
type PostgresOptions struct {
	// DSN is the connection string of an account that may GRANT the roles.
	DSN     Secret `yaml:"dsn"`
	DSNFile string `yaml:"dsn_file,omitempty"`
	// User maps a person's email to their database user: "local_part"
	// (default) or "email".
	User string `yaml:"user"`
	// UserPrefix is put before the mapped name, for example "u_".
	UserPrefix string `yaml:"user_prefix"`
	// Roles is the allow-list of roles that may be requested.
	Roles []Access `yaml:"roles"`
}

// CommandOptions configures a command integration: a program run for grant
// and one for removal, as argv lists.
type CommandOptions struct {
	Grant  []string `yaml:"grant"`
	Remove []string `yaml:"remove"`
	// Accesses are what may be requested through this integration.
	Accesses []Access `yaml:"accesses"`
}

// Access is one requestable access of an integration.
type Access struct {
	Name        string `yaml:"name"`
	Description string `yaml:"description,omitempty"`
}

// Jobs tunes the durable job queue.
type Jobs struct {
	// MaxAttempts is how often a grant or removal is tried before the request
	// is errored; 8 by default.
	MaxAttempts int `yaml:"max_attempts"`
	// RetryBase is the first retry's delay, doubled each time; 1s by default.
	RetryBase Duration `yaml:"retry_base"`
	// RetryMax caps the delay between retries; 5m by default.
	RetryMax Duration `yaml:"retry_max"`
}
