package slack

import (
	"slices"
	"time"

	"github.com/slack-go/slack"

	"github.com/latchhq/latch/internal/duration"
	"github.com/latchhq/latch/internal/request"
)

// Block and action ids of the approval message's controls.
const (
	blockReason    = "latch_reason"
	blockDecide    = "latch_decide"
	actionReason   = "reason"
	actionExpiry   = "expiry"
	actionApprove  = "approve"
	actionDeny     = "deny"
	actionRelease  = "relinquish"
	timeLayout     = "2006-01-02 15:04 UTC"
	noValue        = "—"
	defaultExpiry  = time.Hour
	maxSlackOption = 100
)

// approvalView is what the approval message shows; mentions are already
// Slack mentions or escaped emails.
type approvalView struct {
	R          request.Request
	Requester  string
	Approvers  string
	ApprovedBy string
	DeniedBy   string
	EndedBy    string
	DenyReason string
	Link       string
	Presets    []time.Duration
	Max        time.Duration
}

// approvalBlocks renders the approval message for the request's current
// status, with a plain-text fallback for notifications. The controls are
// there only while the request is pending.
func approvalBlocks(v approvalView) (string, []slack.Block) {
	r := v.R
	text := "Access request " + r.ID + ": " + escape(r.Requester) + " asks for " +
		escape(r.Resource)
	wished := noValue
	if r.RequestedDuration > 0 {
		wished = duration.Format(r.RequestedDuration)
	}
	reason := escape(r.Reason)
	if reason == "" {
		reason = noValue
	}
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn(v.Requester+" asks for *"+escape(r.Resource)+"*"),
			nil, nil),
		slack.NewSectionBlock(nil, []*slack.TextBlockObject{
			mrkdwn("*Reason*\n" + reason),
			mrkdwn("*Duration wished*\n" + wished),
			mrkdwn("*Request*\n<" + v.Link + "|" + r.ID + ">"),
			mrkdwn("*Status*\n" + string(r.Status)),
		}, nil),
		slack.NewContextBlock("", mrkdwn("Approvers: "+v.Approvers)),
	}
	if r.Status != request.Pending {
		return text, append(blocks, slack.NewSectionBlock(mrkdwn(outcome(v)), nil, nil))
	}
	input := slack.NewInputBlock(blockReason, plain("Reason, if you deny"), nil,
		slack.NewPlainTextInputBlockElement(plain("Optional"), actionReason))
	input.Optional = true
	approve := slack.NewButtonBlockElement(actionApprove, r.ID, plain("Approve"))
	approve.Style = slack.StylePrimary
	deny := slack.NewButtonBlockElement(actionDeny, r.ID, plain("Deny"))
	deny.Style = slack.StyleDanger
	return text, append(blocks, input,
		slack.NewActionBlock(blockDecide, expirySelect(v), approve, deny))
}

// expirySelect offers the presets up to the maximum, and the requester's
// wish when it is none of them, preselecting the wish.
func expirySelect(v approvalView) *slack.SelectBlockElement {
	opts := expiryOptions(v.Presets, v.Max, v.R.RequestedDuration)
	sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Expiry"),
		actionExpiry)
	for _, d := range opts {
		s := duration.Format(d)
		sel.Options = append(sel.Options, slack.NewOptionBlockObject(s, plain(s), nil))
	}
	initial := preselected(opts, v.R.RequestedDuration)
	for _, o := range sel.Options {
		if o.Value == duration.Format(initial) {
			sel.InitialOption = o
		}
	}
	return sel
}

func expiryOptions(presets []time.Duration, limit, wish time.Duration) []time.Duration {
	var out []time.Duration
	for _, d := range presets {
		if d <= limit && !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	if wish > 0 && wish <= limit && !slices.Contains(out, wish) {
		out = append(out, wish)
	}
	slices.Sort(out)
	if len(out) > maxSlackOption {
		out = out[:maxSlackOption]
	}
	return out
}

// preselected is the wish when there is one, else one hour when offered,
// else the shortest option: when in doubt, less access.
func preselected(opts []time.Duration, wish time.Duration) time.Duration {
	switch {
	case len(opts) == 0:
		return 0
	case wish > 0 && slices.Contains(opts, wish):
		return wish
	case slices.Contains(opts, defaultExpiry):
		return defaultExpiry
	}
	return opts[0]
}

// outcome is the line that replaces the controls once the request is
// decided.
func outcome(v approvalView) string {
	r := v.R
	approved := ":white_check_mark: Approved by " + v.ApprovedBy + " for " +
		duration.Format(r.ApprovedDuration) + " at " + at(r.ApprovedAt)
	switch r.Status {
	case request.Approved:
		return approved + "\n:hourglass_flowing_sand: Granting access…"
	case request.Active:
		return approved + "\n:unlock: Granted at " + at(r.GrantedAt) + ", until " + at(r.EndsAt)
	case request.Revoking:
		return approved + "\n:hourglass_flowing_sand: Ending (" + string(r.EndReason) +
			by(v.EndedBy) + ")…"
	case request.Expired, request.Revoked, request.Relinquished:
		return approved + "\n:lock: Ended: " + string(r.Status) + by(v.EndedBy) + " at " +
			at(r.EndedAt)
	case request.Denied:
		line := ":x: Denied by " + v.DeniedBy + " at " + at(r.DeniedAt)
		if v.DenyReason != "" {
			line += ": " + escape(v.DenyReason)
		}
		return line
	case request.Canceled:
		return ":no_entry_sign: Canceled by the requester at " + at(r.EndedAt)
	case request.TimedOut:
		return ":alarm_clock: Timed out at " + at(r.EndedAt) + ": nobody decided in time"
	case request.Errored:
		line := ":warning: Errored: " + escape(r.Error) + "\nAn admin must look at it and retry."
		if r.ApprovedBy != "" {
			line = approved + "\n" + line
		}
		return line
	}
	return string(r.Status)
}

func by(who string) string {
	if who == "" || who == escape(request.SystemActor) {
		return ""
	}
	return " by " + who
}

func at(t time.Time) string {
	if t.IsZero() {
		return noValue
	}
	return t.UTC().Format(timeLayout)
}

func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
}

func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
}
