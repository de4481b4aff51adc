package config

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const withSlack = minimal + `
slack:
  channel: C0123456789
  approver_group: latch-approvers
  base_url: https://latch.example.com
`

func TestSlackSecretsFromEnvironmentAndFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := writeFileIn(t, dir, "signing", "8f742231b10e8888abcd99yyyzzz85a5\n")
	c, err := load(t, withSlack, map[string]string{
		"LATCH_SLACK_BOT_TOKEN":           "xoxb-1-2-abc",
		"LATCH_SLACK_SIGNING_SECRET_FILE": file,
	})
	require.NoError(t, err)
	assert.Equal(t, "xoxb-1-2-abc", c.Slack.BotToken.Reveal())
	assert.Equal(t, "8f742231b10e8888abcd99yyyzzz85a5", c.Slack.SigningSecret.Reveal())
	assert.Equal(t, 10*time.Minute, time.Duration(c.Slack.ReminderBefore))

	out, err := c.Redacted()
	require.NoError(t, err)
	assert.NotContains(t, string(out), "xoxb-1-2-abc")
	assert.NotContains(t, string(out), "8f742231")
}

func TestSlackValidation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, yml string
		want      []string
	}{
		{"secrets missing", withSlack, []string{"slack.bot_token: required",
			"slack.signing_secret: required"}},
		{"user token", withSlack + "  bot_token: xoxp-123\n  signing_secret: s\n",
			[]string{"slack.bot_token: is not a bot token"}},
		{"channel name", strings.Replace(withSlack, "C0123456789", "\"#approvals\"", 1) +
			"  bot_token: xoxb-1\n  signing_secret: s\n",
			[]string{`slack.channel: "#approvals" is not a channel id`}},
		{"group with at", strings.Replace(withSlack, "latch-approvers", "\"@Approvers\"", 1) +
			"  bot_token: xoxb-1\n  signing_secret: s\n",
			[]string{"slack.approver_group: \"@Approvers\" is not a user group handle"}},
		{"base url", strings.Replace(withSlack, "https://latch.example.com", "latch.local", 1) +
			"  bot_token: xoxb-1\n  signing_secret: s\n",
			[]string{`slack.base_url: "latch.local" is not an http(s) URL`}},
		{"misspelt field", withSlack + "  chanel: C1\n", []string{`did you mean "channel"?`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := load(t, tt.yml, nil)
			require.Error(t, err)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
			assert.NotContains(t, err.Error(), "xoxp-123")
		})
	}
}
