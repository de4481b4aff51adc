package slack

import (
	"context"
	"strings"

	"github.com/latchhq/latch/internal/lifecycle"
	"github.com/latchhq/latch/internal/store"
)

// commandRequest creates a request as the person:
// request RESOURCE --reason TEXT [--duration D].
func (p *Plugin) commandRequest(ctx context.Context, a lifecycle.Actor,
	args []string) (string, error) {
	in, problem := parseRequest(args)
	if problem != "" {
		return problem + "\n" + commandHelp, nil
	}
	r, err := p.svc.Create(ctx, a, in)
	if err != nil {
		return "", err
	}
	return "Request <" + p.link(r.ID) + "|" + r.ID + "> for *" + escape(r.Resource) +
		"* is waiting for an approver. You will hear here when it is decided.", nil
}

// parseRequest reads RESOURCE --reason TEXT [--duration D]. The reason
// runs up to the next flag, so it needs no quotes. A problem is said for
// the user.
func parseRequest(args []string) (lifecycle.CreateInput, string) {
	var (
		in     lifecycle.CreateInput
		reason []string
		field  string
	)
	for _, a := range args {
		switch {
		case a == "--reason" || a == "--duration":
			field = a
		case strings.HasPrefix(a, "--"):
			return in, "Unknown option `" + escape(a) + "`."
		case field == "--reason":
			reason = append(reason, a)
		case field == "--duration" && in.Duration == "":
			in.Duration = a
		case field == "" && in.Resource == "":
			in.Resource = a
		default:
			return in, "Unexpected `" + escape(a) + "`."
		}
	}
	if in.Resource == "" {
		return in, "Say which resource, such as `prod-db/readonly`."
	}
	if field == "--duration" && in.Duration == "" {
		return in, "`--duration` needs a value, such as 1h."
	}
	in.Reason = strings.Join(reason, " ")
	return in, ""
}

// splitArgs splits a command's text at spaces, keeping "quoted text"
// together. Slack sends curly quotes when people type straight ones. A
// problem is said for the user.
func splitArgs(s string) ([]string, string) {
	s = strings.NewReplacer("“", `"`, "”", `"`).Replace(s)
	var (
		out   []string
		cur   strings.Builder
		in    bool
		quote bool
	)
	for _, r := range s {
		switch {
		case r == '"':
			quote, in = !quote, true
		case (r == ' ' || r == '\t' || r == '\n') && !quote:
			if in {
				out = append(out, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteRune(r)
			in = true
		}
	}
	if quote {
		return nil, "A quote is not closed."
	}
	if in {
		out = append(out, cur.String())
	}
	return out, ""
}

func listFilter(email string) store.Filter {
	return store.Filter{Requester: email, Limit: 10}
}
