package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/latchhq/latch/internal/api"
	"github.com/latchhq/latch/internal/config"
	"github.com/latchhq/latch/internal/integration"
	"github.com/latchhq/latch/internal/lifecycle"
	"github.com/latchhq/latch/internal/slack"
	"github.com/latchhq/latch/internal/store"
)

func init() {
	serverCommands = append(serverCommands, newTokenCmd)
}

func newTokenCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "token",
		Short: "Manage API tokens (run on the server, against its store)",
	}
	cmd.AddCommand(newTokenCreateCmd(), newTokenListCmd(), newTokenRevokeCmd())
	return cmd
}

// openStore loads the configuration and opens its store, migrated.
func openStore(cmd *cobra.Command, path string) (*config.Config, *store.Store, error) {
	cfg, err := config.Load(path)
	if err != nil {
		return nil, nil, err
	}
	st, err := store.Open(cmd.Context(), cfg.Store.Reveal())
	if err != nil {
		return nil, nil, err
	}
	if err := st.Migrate(cmd.Context()); err != nil {
		st.Close()
		return nil, nil, err
	}
	return cfg, st, nil
}

func newTokenListCmd() *cobra.Command {
	var path string
	cmd := &cobra.Command{
		Use:   "list --config FILE",
		Short: "List API tokens: id, user, label and when each was made",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, st, err := openStore(cmd, path)
			if err != nil {
				return err
			}
			defer st.Close()
			tokens, err := st.Tokens(cmd.Context())
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "ID\tUSER\tNAME\tCREATED")
			for _, t := range tokens {
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", t.ID, t.User, t.Name,
					t.CreatedAt.Format(time.RFC3339))
			}
			return w.Flush()
		},
	}
	configFlag(cmd, &path)
	return cmd
}

func newTokenRevokeCmd() *cobra.Command {
	var path string
	cmd := &cobra.Command{
		Use:   "revoke --config FILE ID",
		Short: "Revoke an API token at once (ids come from latch token list)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			_, st, err := openStore(cmd, path)
			if err != nil {
				return err
			}
			defer st.Close()
			ok, err := st.DeleteToken(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if !ok {
				return usagef("no token %q: run latch token list to see their ids", args[0])
			}
			fmt.Fprintf(cmd.OutOrStdout(), "token %s revoked\n", args[0])
			return nil
		},
	}
	configFlag(cmd, &path)
	return cmd
}

func newTokenCreateCmd() *cobra.Command {
	var path, user, name string
	cmd := &cobra.Command{
		Use:   "create --config FILE --user EMAIL",
		Short: "Create an API token for a directory user and print it once",
		Long: `Create an API token for a directory user, straight in the store, and print
it once. Only its hash is kept: a lost token cannot be shown again.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := config.Load(path)
			if err != nil {
				return err
			}
			u, ok := cfg.User(user)
			if !ok {
				return usagef("--user %q is not in the directory: add it to directory.users in %s",
					user, path)
			}
			if name == "" {
				name = "cli"
			}
			_, st, err := openStore(cmd, path)
			if err != nil {
				return err
			}
			defer st.Close()

			secret, hash := api.NewToken()
			id := lifecycle.NewID()
			err = st.CreateToken(cmd.Context(), store.Token{
				ID: id, Hash: hash, User: u.Email, Name: name, CreatedAt: time.Now().UTC(),
			})
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), secret)
			fmt.Fprintf(cmd.ErrOrStderr(), "token %s for %s; revoke it with latch token revoke\n",
				id, u.Email)
			return nil
		},
	}
	configFlag(cmd, &path)
	cmd.Flags().StringVar(&user, "user", "", "email of the directory user (required)")
	cmd.Flags().StringVar(&name, "name", "", "a label for the token, such as laptop")
	cmd.MarkFlagRequired("user")
	return cmd
}

func init() {
	serverCommands = append(serverCommands, newConfigCmd)
}

func newConfigCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Work with the configuration file",
	}
	var (
		path    string
		offline bool
	)
	check := &cobra.Command{
		Use:   "check --config FILE",
		Short: "Validate the configuration and print it with secrets redacted",
		Long: `Validate the configuration and print it with secrets redacted. When Slack is
configured, also ask the workspace for each approver and report those who
have no Slack account (--offline skips this).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := config.Load(path)
			if err == nil {
				// Building the integrations checks what only they know
				// (programs on disk, connection strings) without
				// connecting to anything.
				var reg *integration.Registry
				if reg, err = integration.FromConfig(cfg.Integrations); err == nil {
					reg.Close()
				}
			}
			if err != nil {
				return fmt.Errorf("%s is not valid:\n%w", path, indent(err.Error()))
			}
			out, err := cfg.Redacted()
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "# %s is valid. Effective configuration:\n%s", path, out)
			if cfg.Slack != nil && !offline {
				warnSlackless(cmd, cfg)
			}
			return nil
		},
	}
	configFlag(check, &path)
	check.Flags().BoolVar(&offline, "offline", false, "do not ask Slack about the approvers")
	cmd.AddCommand(check)
	return cmd
}

// warnSlackless reports approvers who have no Slack account. It warns and
// does not fail: the configuration is valid, the workspace is incomplete.
func warnSlackless(cmd *cobra.Command, cfg *config.Config) {
	ctx, cancel := context.WithTimeout(cmd.Context(), 20*time.Second)
	defer cancel()
	missing, err := slack.ApproversWithoutSlack(ctx, cfg, slack.Options{})
	w := cmd.ErrOrStderr()
	if err != nil {
		fmt.Fprintf(w, "warning: could not ask Slack about the approvers: %v\n", err)
		return
	}
	for _, email := range missing {
		fmt.Fprintf(w, "warning: approver %s has no Slack account: they will not be in "+
			"the approver group nor hear of requests in Slack\n", email)
	}
}

func indent(s string) error {
	return fmt.Errorf("  %s", strings.ReplaceAll(s, "\n", "\n  "))
}
