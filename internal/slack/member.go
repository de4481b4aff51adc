package slack

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/slack-go/slack"
)

// Why a Slack user is not taken as anyone in latch.
var (
	// errNoEmail: a bot, a deactivated account, or a profile whose email
	// is hidden.
	errNoEmail = errors.New("no email")
	// errOutsider: a member of another workspace, such as someone in a
	// channel shared with another organization.
	errOutsider = errors.New("not a member of latch's workspace")
	// errGuest: a multi- or single-channel guest of the workspace.
	errGuest = errors.New("a guest of the workspace")
	// errNotOwnEmail: the profile's email is that of another Slack account
	// of the workspace, or of none.
	errNotOwnEmail = errors.New("email is not the account's own")
)

// member decides whether the user that users.info described may act in
// the workspace team, and returns their email, lower-cased, when so.
func member(u *slack.User, team string) (string, error) {
	email := strings.ToLower(strings.TrimSpace(u.Profile.Email))
	switch {
	case u.IsBot || u.Deleted || email == "":
		return "", errNoEmail
	case u.TeamID != team || u.IsStranger:
		return "", errOutsider
	case u.IsRestricted || u.IsUltraRestricted:
		return "", errGuest
	}
	return email, nil
}

// workspace returns the id of latch's own Slack workspace, the one its
// token belongs to. It asks auth.test once; a failure is asked again on
// the next call.
func (p *Plugin) workspace(ctx context.Context) (string, error) {
	p.teamMu.Lock()
	defer p.teamMu.Unlock()
	if p.team != "" {
		return p.team, nil
	}
	res, err := p.api.AuthTestContext(ctx)
	if err != nil {
		return "", fmt.Errorf("auth.test: %w", err)
	}
	if res.TeamID == "" {
		return "", fmt.Errorf("auth.test: no team_id in the answer")
	}
	p.team = res.TeamID
	return p.team, nil
}

// sameTeam returns the team id that every non-empty one of ids names, or
// "" when they disagree or are all empty.
func sameTeam(ids ...string) string {
	var team string
	for _, id := range ids {
		switch {
		case id == "":
		case team == "":
			team = id
		case id != team:
			return ""
		}
	}
	return team
}
