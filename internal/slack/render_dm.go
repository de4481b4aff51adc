package slack

import (
	"github.com/slack-go/slack"

	"github.com/latchhq/latch/internal/duration"
	"github.com/latchhq/latch/internal/request"
)

// dmView is what a direct message to the requester shows.
type dmView struct {
	R     request.Request
	Kind  string
	Note  string // the event's message: a denial's reason, an error
	By    string // mention of whoever made the change
	Link  string
	Lead  string // the reminder's lead, such as "10m"
	Match bool   // the request is still in the state the message is about
}

// dmBlocks renders a direct message to the requester about one event.
func dmBlocks(v dmView) (string, []slack.Block) {
	r := v.R
	what := "*" + escape(r.Resource) + "* (<" + v.Link + "|" + r.ID + ">)"
	var text string
	switch v.Kind {
	case request.KindRequested:
		text = ":inbox_tray: Your request for " + what + " is waiting for an approver."
	case request.KindApproved:
		text = ":white_check_mark: " + v.By + " approved your request for " + what + " for " +
			duration.Format(r.ApprovedDuration) + ". Access follows shortly."
	case request.KindDenied:
		text = ":x: " + v.By + " denied your request for " + what + "."
		if v.Note != "" {
			text += "\nReason: " + escape(v.Note)
		}
	case request.KindGranted:
		text = ":unlock: You have " + what + " until " + at(r.EndsAt) + "."
	case kindReminder:
		text = ":hourglass: Your access to " + what + " ends in " + v.Lead + ", at " +
			at(r.EndsAt) + "."
	case request.KindTimedOut:
		text = ":alarm_clock: Nobody decided on your request for " + what +
			" in time. Ask again if you still need it."
	case request.KindExpired, request.KindRevoked, request.KindRelinquished:
		text = ":lock: Your access to " + what + " has ended: " + v.Kind + by(v.By) + "."
	case request.KindErrored:
		text = ":warning: Your request for " + what + " ran into an error: " +
			escape(v.Note) + ". An admin must look at it and retry it."
	default:
		text = "Your request " + what + " is " + string(r.Status) + "."
	}
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn(text), nil, nil)}
	if (v.Kind == request.KindGranted || v.Kind == kindReminder) && v.Match {
		b := slack.NewButtonBlockElement(actionRelease, r.ID, plain("Relinquish now"))
		b.Confirm = slack.NewConfirmationBlockObject(plain("Give up this access?"),
			plain("latch removes "+r.Resource+" at once."), plain("Relinquish"), plain("Keep it"))
		blocks = append(blocks, slack.NewActionBlock("latch_relinquish", b))
	}
	return text, blocks
}
