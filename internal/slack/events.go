package slack

import (
	"encoding/json"
	"net/http"

	"github.com/riverqueue/river"

	"github.com/latchhq/latch/internal/store"
)

// eventCallback is the part of an Events API delivery latch reads.
type eventCallback struct {
	Type      string `json:"type"`
	Challenge string `json:"challenge"`
	EventID   string `json:"event_id"`
	TeamID    string `json:"team_id"`
	Event     struct {
		Type     string `json:"type"`
		Team     string `json:"team"`
		UserTeam string `json:"user_team"`
		Subtype  string `json:"subtype"`
		User     string `json:"user"`
		BotID    string `json:"bot_id"`
		Text     string `json:"text"`
		Channel  string `json:"channel"`
		TS       string `json:"ts"`
		ThreadTS string `json:"thread_ts"`
	} `json:"event"`
}

// events takes Events API deliveries: the URL check when the app is set
// up, and messages in the approvals channel, of which replies in a
// thread become comments. A delivery is marked seen in the transaction
// that queues its handling, so Slack's retries of it change nothing.
func (p *Plugin) events(w http.ResponseWriter, r *http.Request) {
	body, _, err := p.readSigned(r)
	if err != nil {
		p.refuse(w, r, err)
		return
	}

	var cb eventCallback
	if err := json.Unmarshal(body, &cb); err != nil {
		http.Error(w, "bad event", http.StatusBadRequest)
		return
	}
	if cb.Type == "url_verification" {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]string{"challenge": cb.Challenge})
		return
	}
	args, ok := p.replyOf(cb)
	if !ok {
		w.WriteHeader(http.StatusOK)
		return
	}

	err = p.store.InTx(r.Context(), func(tx *store.Tx) error {
		fresh, err := tx.MarkSlackEvent(r.Context(), cb.EventID, p.now())
		if err != nil || !fresh {
			return err
		}
		_, err = p.inserter.InsertTx(r.Context(), tx.SQL(), args,
			&river.InsertOpts{MaxAttempts: p.cfg.Jobs.MaxAttempts})
		return err
	})
	if err != nil {
		p.log.Error("take slack event", "event_id", cb.EventID, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// replyOf picks a person's reply in a thread of the approvals channel. Bot
// messages, latch's own among them, and edits or joins are left alone, so
// that nothing latch posts comes back to it.
func (p *Plugin) replyOf(cb eventCallback) (replyArgs, bool) {
	e := cb.Event
	if cb.Type != "event_callback" || cb.EventID == "" || e.Type != "message" ||
		e.Subtype != "" || e.BotID != "" || e.User == "" ||
		e.Channel != p.sc.Channel || e.ThreadTS == "" || e.ThreadTS == e.TS {
		return replyArgs{}, false
	}
	// A message from a channel shared with another workspace names the
	// author's workspace; one that names two is refused with the rest.
	team := sameTeam(cb.TeamID, e.Team, e.UserTeam)
	return replyArgs{EventID: cb.EventID, User: e.User, Team: team, Channel: e.Channel,
		ThreadTS: e.ThreadTS, TS: e.TS, Text: e.Text}, true
}
