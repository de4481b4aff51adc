package slack

import (
	"encoding/json"
	"net/http"

	"github.com/riverqueue/river"
	"github.com/slack-go/slack"
)

// interactions takes button clicks. It checks the signature, then queues
// the click as a job and answers at once: the decision, with the same
// authorization as the API, and any private answer to the clicker follow
// within moments, well inside Slack's three seconds for the answer itself.
func (p *Plugin) interactions(w http.ResponseWriter, r *http.Request) {
	form, key, ok := p.readSignedForm(w, r)
	if !ok {
		return
	}
	var cb slack.InteractionCallback
	if err := json.Unmarshal([]byte(form.Get("payload")), &cb); err != nil {
		http.Error(w, "bad payload", http.StatusBadRequest)
		return
	}
	if cb.Type != slack.InteractionTypeBlockActions {
		w.WriteHeader(http.StatusOK)
		return
	}
	var jobs []river.JobArgs
	for _, a := range cb.ActionCallback.BlockActions {
		if args, ok := clickArgs(cb, a); ok {
			jobs = append(jobs, args)
		}
	}
	if len(jobs) == 0 {
		w.WriteHeader(http.StatusOK)
		return
	}

	// A replay of a click that was taken is answered like the click, and
	// does nothing.
	fresh, err := p.batch.add(r.Context(), key, jobs...)
	if err != nil {
		p.log.Error("queue slack click", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	if !fresh {
		p.log.Warn("slack call replayed: ignored", "path", r.URL.Path, "slack_user", cb.User.ID)
	}
	w.WriteHeader(http.StatusOK)
}

// clickArgs turns a click on Approve, Deny or Relinquish into its job; ok
// is false for anything else, such as choosing an expiry.
func clickArgs(cb slack.InteractionCallback, a *slack.BlockAction) (actionArgs, bool) {
	switch a.ActionID {
	case actionApprove, actionDeny, actionRelease:
	default:
		return actionArgs{}, false
	}
	args := actionArgs{
		Action: a.ActionID, RequestID: a.Value, User: cb.User.ID,
		Team:    sameTeam(cb.Team.ID, cb.User.TeamID),
		Channel: cb.Channel.ID,
	}
	if cb.BlockActionState != nil {
		v := cb.BlockActionState.Values
		args.Expiry = v[blockDecide][actionExpiry].SelectedOption.Value
		args.Reason = v[blockReason][actionReason].Value
	}
	return args, args.RequestID != "" && args.User != ""
}
