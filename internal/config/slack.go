package config

// Slack connects latch to a Slack workspace.
type Slack struct {
	// Channel is the approvals channel's id.
	Channel string `yaml:"channel"`
}
