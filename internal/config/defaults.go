package config

import (
	"strings"
	"time"
)

const day = 24 * time.Hour

// Defaults for settings left out of the file.
const (
	DefaultListen           = "127.0.0.1:8080"
	DefaultStore            = "sqlite:./latch.db"
	DefaultMaxDuration      = Duration(30 * day)
	DefaultApprovableWindow = Duration(day)
	DefaultTimeout          = Duration(30 * time.Second)
	DefaultPostgresUser     = "local_part"
	DefaultMaxAttempts      = 8
	DefaultRetryBase        = Duration(time.Second)
	DefaultRetryMax         = Duration(5 * time.Minute)
)

// DefaultExpiryOptions returns the expiry presets used when none are
// configured: 5 minutes, 1 hour, 1 day, 1 week and 30 days.
func DefaultExpiryOptions() []Duration {
	return []Duration{
		Duration(5 * time.Minute), Duration(time.Hour), Duration(day),
		Duration(7 * day), Duration(30 * day),
	}
}

// normalize lower-cases and trims every email, since emails are compared
// case-insensitively.
func (c *Config) normalize() {
	for i := range c.Directory.Users {
		c.Directory.Users[i].Email = normalEmail(c.Directory.Users[i].Email)
	}
	for _, p := range []*Principals{
		&c.Approvals.Approvers, &c.Directory.Admins, &c.Directory.Auditors,
	} {
		for i := range p.Users {
			p.Users[i] = normalEmail(p.Users[i])
		}
	}
}

func normalEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// applyDefaults fills in every setting left unset.
func (c *Config) applyDefaults() {
	setDefault(&c.Listen, DefaultListen)
	if c.Store == "" && c.StoreFile == "" {
		c.Store = DefaultStore
	}
	c.Approvals.applyDefaults()
	for i := range c.Integrations {
		c.Integrations[i].applyDefaults()
	}
	setDefault(&c.Jobs.MaxAttempts, DefaultMaxAttempts)
	setDefault(&c.Jobs.RetryBase, DefaultRetryBase)
	setDefault(&c.Jobs.RetryMax, DefaultRetryMax)
	c.Slack.applyDefaults()
	if c.Web != nil {
		c.Web.applyDefaults(c.Listen)
	}
}

// applyDefaults keeps only the default expiry options that fit under a
// configured max_duration, so that lowering it alone is not an error.
func (a *Approvals) applyDefaults() {
	setDefault(&a.MaxDuration, DefaultMaxDuration)
	setDefault(&a.ApprovableWindow, DefaultApprovableWindow)
	if len(a.ExpiryOptions) > 0 {
		return
	}
	for _, d := range DefaultExpiryOptions() {
		if d <= a.MaxDuration {
			a.ExpiryOptions = append(a.ExpiryOptions, d)
		}
	}
	if len(a.ExpiryOptions) == 0 && a.MaxDuration > 0 {
		a.ExpiryOptions = []Duration{a.MaxDuration}
	}
}

func (in *Integration) applyDefaults() {
	setDefault(&in.Timeout, DefaultTimeout)
	if in.Postgres != nil {
		setDefault(&in.Postgres.User, DefaultPostgresUser)
	}
}

func setDefault[T comparable](v *T, def T) {
	var zero T
	if *v == zero {
		*v = def
	}
}
