package slack

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"
)

// groupTTL is how long the approver group's id, or the finding that latch
// may not use it, is trusted before it is looked up again.
const groupTTL = 10 * time.Minute

// notPermitted are Slack's answers when the workspace or the token does not
// allow managing user groups (free plans, a missing scope).
var notPermitted = []string{
	"not_allowed_token_type", "missing_scope", "paid_only", "paid_teams_only",
	"permission_denied", "no_permission", "not_authed",
}

// groupState is the approver group as this replica last found it.
type groupState struct {
	id string // "" when the message mentions each approver instead
	at time.Time
}

// approverEmails lists the configured approvers, in directory order.
func (p *Plugin) approverEmails() []string {
	var out []string
	for _, u := range p.cfg.Directory.Users {
		if p.cfg.Approvals.Approvers.Includes(u) {
			out = append(out, u.Email)
		}
	}
	return out
}

// approverKey identifies the approver configuration, so that a sync job
// queued under an older configuration stops when a newer one exists.
func (p *Plugin) approverKey() string {
	h := sha256.Sum256([]byte(p.sc.ApproverGroup + "\n" +
		strings.Join(p.approverEmails(), "\n")))
	return hex.EncodeToString(h[:8])
}

// approverMention is how the approval message calls the approvers: the
// user group's mention, or where there is no usable group, each approver's.
func (p *Plugin) approverMention(ctx context.Context) (string, error) {
	id, err := p.groupID(ctx, false)
	if err != nil {
		return "", err
	}
	if id != "" {
		return "<!subteam^" + id + ">", nil
	}
	var mentions []string
	for _, email := range p.approverEmails() {
		m, err := p.mention(ctx, email)
		if err != nil {
			return "", err
		}
		mentions = append(mentions, m)
	}
	return strings.Join(mentions, " "), nil
}

// groupID finds the approver group's id by its handle, creating the group
// when create is set and it does not exist. It returns "" when no group is
// configured or the workspace does not let latch manage one.
func (p *Plugin) groupID(ctx context.Context, create bool) (string, error) {
	if p.sc.ApproverGroup == "" {
		return "", nil
	}
	p.groupMu.Lock()
	defer p.groupMu.Unlock()
	if !p.group.at.IsZero() && p.now().Sub(p.group.at) < groupTTL &&
		(p.group.id != "" || !create) {
		return p.group.id, nil
	}
	id, err := p.findGroup(ctx, create)
	if isSlackError(err, notPermitted...) {
		p.log.Warn("slack user groups are not available to latch: "+
			"the approval message mentions each approver instead",
			"approver_group", p.sc.ApproverGroup, "err", err)
		id, err = "", nil
	}
	if err != nil {
		return "", err
	}
	p.group = groupState{id: id, at: p.now()}
	return id, nil
}

func (p *Plugin) findGroup(ctx context.Context, create bool) (string, error) {
	groups, err := p.api.GetUserGroupsContext(ctx, slack.GetUserGroupsOptionIncludeDisabled(true))
	if err != nil {
		return "", fmt.Errorf("usergroups.list: %w", err)
	}
	for _, g := range groups {
		if g.Handle != p.sc.ApproverGroup {
			continue
		}
		if g.DateDelete != 0 {
			if _, err := p.api.EnableUserGroupContext(ctx, g.ID); err != nil {
				return "", fmt.Errorf("usergroups.enable: %w", err)
			}
		}
		return g.ID, nil
	}
	if !create {
		return "", nil
	}
	g, err := p.api.CreateUserGroupContext(ctx, slack.UserGroup{
		Name:        "latch approvers",
		Handle:      p.sc.ApproverGroup,
		Description: "Kept in step with latch's approvers by latch; changes here are undone.",
	})
	if err != nil {
		return "", fmt.Errorf("usergroups.create: %w", err)
	}
	p.log.Info("approver group created", "approver_group", p.sc.ApproverGroup, "id", g.ID)
	return g.ID, nil
}
