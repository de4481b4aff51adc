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
	err   error // why a Slack user is not mapped to an email, if not
	at    time.Time
}

func (c *people) init(now func() time.Time) {
	c.now = now
	c.email = map[string]cached{}
	c.slackID = map[string]cached{}
}

func (c *people) get(m map[string]cached, key string) (cached, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := m[key]
	if !ok || c.now().Sub(v.at) > peopleTTL {
		return cached{}, false
	}
	return v, true
}

func (c *people) put(m map[string]cached, key, value string, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	m[key] = cached{value, err, c.now()}
}

// emailOf returns the email of a Slack user, lower-cased, when the user
// may act in latch: a person who is a full member of latch's own workspace
// and whose profile email the workspace also finds them by. Anyone else
// gets one of the errors above. Guests are refused too: a workspace admits
// them for a few channels, and latch's approvals channel being one of them
// does not make them the people latch's directory names. They can still
// use the CLI or the web page, where they sign in as themselves.
func (p *Plugin) emailOf(ctx context.Context, userID string) (string, error) {
	if c, ok := p.people.get(p.people.email, userID); ok {
		return c.value, c.err
	}
	team, err := p.workspace(ctx)
	if err != nil {
		return "", err
	}
	u, err := p.api.GetUserInfoContext(ctx, userID)
	if err != nil {
		if isSlackError(err, "user_not_found") {
			return "", errNoEmail
		}
		return "", fmt.Errorf("users.info %s: %w", userID, err)
	}
	email, why := member(u, team)
	if why == nil {
		owner, err := p.slackUser(ctx, email)
		if err != nil {
			return "", err
		}
		if owner != userID {
			email, why = "", errNotOwnEmail
		}
	}
	p.people.put(p.people.email, userID, email, why)
	return email, why
}

// slackUser returns the Slack user id of an email, or "" when the
// workspace has nobody with it.
func (p *Plugin) slackUser(ctx context.Context, email string) (string, error) {
	email = strings.ToLower(email)
	if c, ok := p.people.get(p.people.slackID, email); ok {
		return c.value, nil
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
	p.people.put(p.people.slackID, email, id, nil)
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
