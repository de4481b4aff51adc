package slack

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/latchhq/latch/internal/lifecycle"
	"github.com/latchhq/latch/internal/request"
	"github.com/latchhq/latch/internal/store"
)

// commandTimeout keeps the command's answer inside Slack's three seconds,
// Slack's users.info call included.
const commandTimeout = 2500 * time.Millisecond

const commandHelp = "Usage:\n" +
	"• `/latch request RESOURCE --reason TEXT [--duration D]`: ask for access, " +
	"such as `/latch request prod-db/readonly --reason \"look at INC-42\" --duration 1h`\n" +
	"• `/latch ls`: your latest requests\n" +
	"• `/latch help`: this text"

// command answers /latch. Its answers are seen only by the person who
// typed it.
func (p *Plugin) command(w http.ResponseWriter, r *http.Request) {
	form, key, ok := p.readSignedForm(w, r)
	if !ok {
		return
	}

	// Slack sends a command once, so a second copy is a replay: it gets an
	// empty answer and does nothing. The command runs in the lifecycle's
	// own transactions, so it is marked seen first, in one of its own.
	fresh, err := p.markSeen(r.Context(), key)
	if err != nil {
		p.log.Error("take slack command", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	if !fresh {
		p.log.Warn("slack call replayed: ignored", "path", r.URL.Path,
			"slack_user", form.Get("user_id"))
		w.WriteHeader(http.StatusOK)
		return
	}

	ctx, cancel := context.WithTimeout(r.Context(), commandTimeout)
	defer cancel()
	text, err := p.runCommand(ctx, form.Get("user_id"), form.Get("team_id"), form.Get("text"))
	if err != nil {
		p.log.Error("slack command failed", "err", err)
		text = "Something went wrong in latch; try again, or use the CLI. " +
			"The server log has the details."
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]string{"response_type": "ephemeral", "text": text})
}

// markSeen records the signed call with this key as taken, and reports
// false when it had been already.
func (p *Plugin) markSeen(ctx context.Context, key string) (fresh bool, err error) {
	err = p.store.InTx(ctx, func(tx *store.Tx) error {
		fresh, err = tx.MarkSlackSeen(ctx, key, p.now())
		return err
	})
	return fresh, err
}

// runCommand runs one /latch command as the Slack user of team and returns
// the answer. Errors the user can fix are answers; the error is for the
// rest.
func (p *Plugin) runCommand(ctx context.Context, userID, team, text string) (string, error) {
	args, problem := splitArgs(text)
	if problem != "" {
		return problem + "\n" + commandHelp, nil
	}
	if len(args) == 0 || args[0] == "help" {
		return commandHelp, nil
	}
	actor, msg, err := p.actor(ctx, userID, team)
	if err != nil || msg != "" {
		return msg, err
	}
	var answer string
	switch args[0] {
	case "request":
		answer, err = p.commandRequest(ctx, actor, args[1:])
	case "ls":
		answer, err = p.commandList(ctx, actor)
	default:
		return "Unknown command `" + escape(args[0]) + "`.\n" + commandHelp, nil
	}
	var re *request.Error
	if errors.As(err, &re) {
		return escape(re.Message), nil
	}
	return answer, err
}

// commandList lists the person's ten latest requests.
func (p *Plugin) commandList(ctx context.Context, a lifecycle.Actor) (string, error) {
	rs, err := p.svc.List(ctx, a.Person, listFilter(a.Person.Email))
	if err != nil {
		return "", err
	}
	if len(rs) == 0 {
		return "You have no requests yet. " + "Ask with `/latch request RESOURCE --reason TEXT`.", nil
	}
	var b strings.Builder
	b.WriteString("Your latest requests:\n")
	for _, r := range rs {
		b.WriteString("• <" + p.link(r.ID) + "|" + r.ID + "> *" + escape(r.Resource) + "* " +
			string(r.Status))
		if r.Status == request.Active {
			b.WriteString(" until " + at(r.EndsAt))
		}
		b.WriteString("\n")
	}
	return b.String(), nil
}
