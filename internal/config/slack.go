package config

import (
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"time"
)

// Slack connects latch to a Slack workspace: approval messages in a
// channel, decisions and discussion there, and direct messages to
// requesters. The app's scopes and URLs are in deploy/slack-app-manifest.yaml.
type Slack struct {
	// BotToken is the app's bot token ("xoxb-..."), a secret.
	BotToken     Secret `yaml:"bot_token"`
	BotTokenFile string `yaml:"bot_token_file,omitempty"`
	// SigningSecret checks that calls to /slack/* come from Slack.
	SigningSecret     Secret `yaml:"signing_secret"`
	SigningSecretFile string `yaml:"signing_secret_file,omitempty"`
	// Channel is the approvals channel's id, such as C0123456789.
	Channel string `yaml:"channel"`
	// ApproverGroup is the handle of the Slack user group that latch keeps
	// in step with the approvers, such as "latch-approvers". Empty, or
	// where the workspace does not let apps manage groups, the approval
	// message mentions each approver instead.
	ApproverGroup string `yaml:"approver_group,omitempty"`
	// BaseURL is latch's public address, for links to requests.
	BaseURL string `yaml:"base_url"`
	// ReminderBefore is how long before a grant ends the requester is
	// reminded; grants no longer than it get no reminder. 10m by default.
	ReminderBefore Duration `yaml:"reminder_before"`
}

// DefaultReminderBefore is the default lead of the about-to-end message.
const DefaultReminderBefore = Duration(10 * time.Minute)

var (
	slackChannelID = regexp.MustCompile(`^[CG][A-Z0-9]{6,}$`)
	slackHandle    = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,79}$`)
)

func init() {
	sections[reflect.TypeOf(Slack{}).String()] = reflect.TypeOf(Slack{})
}

// secretSources lists the bot token and signing secret, with their
// LATCH_SLACK_* variables.
func (s *Slack) secretSources() []secretSource {
	if s == nil {
		return nil
	}
	return []secretSource{
		{&s.BotToken, &s.BotTokenFile, "slack.bot_token", "LATCH_SLACK_BOT_TOKEN"},
		{&s.SigningSecret, &s.SigningSecretFile, "slack.signing_secret",
			"LATCH_SLACK_SIGNING_SECRET"},
	}
}

func (s *Slack) applyDefaults() {
	if s != nil {
		setDefault(&s.ReminderBefore, DefaultReminderBefore)
	}
}

// validate never prints the secrets' values.
func (s *Slack) validate(p *problems) {
	if s == nil {
		return
	}
	switch tok := s.BotToken.Reveal(); {
	case tok == "":
		p.add("slack.bot_token", "required: set it, slack.bot_token_file or "+
			"LATCH_SLACK_BOT_TOKEN to the app's Bot User OAuth Token")
	case !strings.HasPrefix(tok, "xoxb-"):
		p.add("slack.bot_token", "is not a bot token (they start with xoxb-; value not shown): "+
			"copy the Bot User OAuth Token from the app's OAuth & Permissions page")
	}
	if s.SigningSecret == "" {
		p.add("slack.signing_secret", "required: set it, slack.signing_secret_file or "+
			"LATCH_SLACK_SIGNING_SECRET to the app's Signing Secret (Basic Information page)")
	}
	if !slackChannelID.MatchString(s.Channel) {
		p.add("slack.channel", "%q is not a channel id: use the id (such as C0123456789) "+
			"shown at the bottom of the channel's details, not its name", s.Channel)
	}
	if s.ApproverGroup != "" && !slackHandle.MatchString(s.ApproverGroup) {
		p.add("slack.approver_group", "%q is not a user group handle: write it without "+
			"the @, in lower case, such as latch-approvers", s.ApproverGroup)
	}
	validateBaseURL(p, s.BaseURL)
	if s.ReminderBefore < 0 {
		p.add("slack.reminder_before", "must not be negative, such as 10m")
	}
}

func validateBaseURL(p *problems, base string) {
	u, err := url.Parse(base)
	switch {
	case base == "":
		p.add("slack.base_url", "required: latch's public address, such as "+
			"https://latch.example.com, for links in Slack messages")
	case err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "":
		p.add("slack.base_url", "%q is not an http(s) URL: write it as "+
			"https://latch.example.com", base)
	case u.RawQuery != "" || u.Fragment != "":
		p.add("slack.base_url", "%q has a query or fragment: give only scheme, host "+
			"and an optional path", base)
	}
}
