package slack

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"
)

// peopleTTL is how long a Slack user's email, or an email's Slack user, is
// trusted before it is asked again: long enough to spare Slack's rate
// limits, short enough that a changed email soon counts.
const peopleTTL = 10 * time.Minute

// people caches the mapping between Slack users and emails in both
// directions.
type people struct {
	mu      sync.Mutex
	now     func() time.Time
	email   map[string]cached // Slack user id -> email
	slackID map[string]cached // email -> Slack user id, "" for none
}

type cached struct {
	value string
	at    time.Time
}

func (c *people) init(now func() time.Time) {
	c.now = now
	c.email = map[string]cached{}
	c.slackID = map[string]cached{}
}

func (c *people) get(m map[string]cached, key string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := m[key]
	if !ok || c.now().Sub(v.at) > peopleTTL {
		return "", false
	}
	return v.value, true
}

func (c *people) put(m map[string]cached, key, value string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	m[key] = cached{value, c.now()}
}

// errNoEmail means a Slack user has no email that latch can read: a bot,
// or a profile whose email is hidden.
var errNoEmail = errors.New("no email")

// emailOf returns the email of a Slack user, as users.info reports it,
// lower-cased.
func (p *Plugin) emailOf(ctx context.Context, userID string) (string, error) {
	if email, ok := p.people.get(p.people.email, userID); ok {
		return email, nil
	}
	u, err := p.api.GetUserInfoContext(ctx, userID)
	if err != nil {
		if isSlackError(err, "user_not_found") {
			return "", errNoEmail
		}
		return "", fmt.Errorf("users.info %s: %w", userID, err)
	}
	email := strings.ToLower(strings.TrimSpace(u.Profile.Email))
	if email == "" || u.IsBot || u.Deleted {
		return "", errNoEmail
	}
	p.people.put(p.people.email, userID, email)
	return email, nil
}

// slackUser returns the Slack user id of an email, or "" when the
// workspace has nobody with it.
func (p *Plugin) slackUser(ctx context.Context, email string) (string, error) {
	email = strings.ToLower(email)
	if id, ok := p.people.get(p.people.slackID, email); ok {
		return id, nil
	}
	u, err := p.api.GetUserByEmailContext(ctx, email)
	var id string
	switch {
	case isSlackError(err, "users_not_found"):
	case err != nil:
		return "", fmt.Errorf("users.lookupByEmail: %w", err)
	default:
		id = u.ID
	}
	p.people.put(p.people.slackID, email, id)
	return id, nil
}

// mention names a person in a message: a Slack mention when they have an
// account, their email otherwise.
func (p *Plugin) mention(ctx context.Context, email string) (string, error) {
	if email == "" {
		return "", nil
	}
	id, err := p.slackUser(ctx, email)
	if err != nil {
		return "", err
	}
	if id == "" {
		return escape(email), nil
	}
	return "<@" + id + ">", nil
}

// isSlackError reports whether err is Slack's answer {"ok":false,"error":code}.
func isSlackError(err error, codes ...string) bool {
	var se slack.SlackErrorResponse
	if !errors.As(err, &se) {
		return false
	}
	for _, c := range codes {
		if se.Err == c {
			return true
		}
	}
	return false
}

// escape makes text safe inside Slack mrkdwn: user-written text must not
// turn into mentions such as <!channel> or links.
func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}
