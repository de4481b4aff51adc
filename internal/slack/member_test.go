package slack

import (
	"errors"
	"testing"

	"github.com/slack-go/slack"
)

// Only full members of latch's own workspace, people with an email, are
// taken as anyone; each other kind of account is refused for its reason.
func TestMember(t *testing.T) {
	t.Parallel()
	const team = "T0LATCH"
	user := func(change func(u *slack.User)) *slack.User {
		u := &slack.User{ID: "U1", TeamID: team,
			Profile: slack.UserProfile{Email: " Carol@Example.com "}}
		if change != nil {
			change(u)
		}
		return u
	}
	tests := []struct {
		name  string
		user  *slack.User
		email string
		err   error
	}{
		{"member", user(nil), "carol@example.com", nil},
		{"other workspace", user(func(u *slack.User) { u.TeamID = "T0OTHER" }), "", errOutsider},
		{"no workspace", user(func(u *slack.User) { u.TeamID = "" }), "", errOutsider},
		{"stranger", user(func(u *slack.User) { u.IsStranger = true }), "", errOutsider},
		{"multi-channel guest", user(func(u *slack.User) { u.IsRestricted = true }), "", errGuest},
		{"single-channel guest", user(func(u *slack.User) { u.IsUltraRestricted = true }), "",
			errGuest},
		{"deactivated", user(func(u *slack.User) { u.Deleted = true }), "", errNoEmail},
		{"bot", user(func(u *slack.User) { u.IsBot = true }), "", errNoEmail},
		{"hidden email", user(func(u *slack.User) { u.Profile.Email = "" }), "", errNoEmail},
	}
	for _, tt := range tests {
		email, err := member(tt.user, team)
		if email != tt.email || !errors.Is(err, tt.err) {
			t.Errorf("%s: %q, %v; want %q, %v", tt.name, email, err, tt.email, tt.err)
		}
	}
}

func TestSameTeam(t *testing.T) {
	t.Parallel()
	tests := []struct {
		ids  []string
		want string
	}{
		{nil, ""},
		{[]string{"", ""}, ""},
		{[]string{"T1", ""}, "T1"},
		{[]string{"", "T1", "T1"}, "T1"},
		{[]string{"T1", "T2"}, ""},
		{[]string{"T1", "", "T2"}, ""},
	}
	for _, tt := range tests {
		if got := sameTeam(tt.ids...); got != tt.want {
			t.Errorf("sameTeam(%q) = %q, want %q", tt.ids, got, tt.want)
		}
	}
}
