package config

// Web configures the dashboard.
type Web struct {
	// DevLogin offers a sign-in that lets anyone pick a directory user. It
	// is refused unless latch listens on a loopback address.
	DevLogin bool `yaml:"dev_login"`
}
