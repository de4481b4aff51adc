package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/latchhq/latch/internal/api"
	"github.com/latchhq/latch/internal/client"
)

// action is a command that changes one request and confirms the result.
type action struct {
	use   string
	short string
	// verb names the action in errors ("deny request abc: ...").
	verb string
	// done completes the confirmation "request abc <done>; status is now x".
	done string
	// reason gives the command a --reason flag.
	reason bool
	call   func(ctx context.Context, c *client.Client, id, reason string) (api.Request, error)
}

func newDenyCmd(a *app) *cobra.Command {
	return a.actionCmd(action{
		use: "deny ID", short: "Deny a pending request", verb: "deny", done: "denied",
		reason: true,
		call: func(ctx context.Context, c *client.Client, id, reason string) (api.Request, error) {
			return c.Deny(ctx, id, reason)
		},
	})
}

func newRevokeCmd(a *app) *cobra.Command {
	return a.actionCmd(action{
		use: "revoke ID", short: "End someone's active access early", verb: "revoke",
		done: "revoked", reason: true,
		call: func(ctx context.Context, c *client.Client, id, reason string) (api.Request, error) {
			return c.Revoke(ctx, id, reason)
		},
	})
}

func newRelinquishCmd(a *app) *cobra.Command {
	return a.actionCmd(action{
		use: "relinquish ID", short: "Give up your own active access early",
		verb: "relinquish", done: "relinquished",
		call: func(ctx context.Context, c *client.Client, id, _ string) (api.Request, error) {
			return c.Relinquish(ctx, id)
		},
	})
}

func newCancelCmd(a *app) *cobra.Command {
	return a.actionCmd(action{
		use: "cancel ID", short: "Withdraw your own pending request", verb: "cancel",
		done: "canceled",
		call: func(ctx context.Context, c *client.Client, id, _ string) (api.Request, error) {
			return c.Cancel(ctx, id)
		},
	})
}

func newRetryCmd(a *app) *cobra.Command {
	return a.actionCmd(action{
		use: "retry ID", short: "Retry an errored request's grant or removal (admins)",
		verb: "retry", done: "retried",
		call: func(ctx context.Context, c *client.Client, id, _ string) (api.Request, error) {
			return c.Retry(ctx, id)
		},
	})
}

// actionCmd builds the command for act.
func (a *app) actionCmd(act action) *cobra.Command {
	var reason string
	var output *outputFormat
	cmd := &cobra.Command{
		Use:   act.use,
		Short: act.short,
		Args:  idArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			id := args[0]
			c, err := a.client()
			if err != nil {
				return err
			}

			r, err := act.call(cmd.Context(), c, id, strings.TrimSpace(reason))
			if err != nil {
				return fmt.Errorf("%s request %s: %w", act.verb, id, err)
			}
			return confirm(cmd, *output, r, id, act.done)
		},
	}
	if act.reason {
		cmd.Flags().StringVar(&reason, "reason", "", "why, for the requester and the record")
	}
	output = addOutputFlag(cmd)
	return cmd
}

// confirm prints the changed request: one line of text, or the request as
// JSON.
func confirm(cmd *cobra.Command, format outputFormat, r api.Request, id, done string) error {
	out := cmd.OutOrStdout()
	if format == jsonOutput {
		return writeJSON(out, r)
	}
	if r.ID != "" {
		id = r.ID
	}
	_, err := fmt.Fprintf(out, "request %s %s; status is now %s\n", id, done, printable(r.Status))
	return err
}
