package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/latchhq/latch/internal/api"
	"github.com/latchhq/latch/internal/config"
	"github.com/latchhq/latch/internal/lifecycle"
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
	cmd.AddCommand(newTokenCreateCmd())
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

			st, err := store.Open(cmd.Context(), cfg.Store.Reveal())
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.Migrate(cmd.Context()); err != nil {
				return err
			}
			secret, hash := api.NewToken()
			err = st.CreateToken(cmd.Context(), store.Token{
				ID: lifecycle.NewID(), Hash: hash, User: u.Email, Name: name,
				CreatedAt: time.Now().UTC(),
			})
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), secret)
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
	var path string
	check := &cobra.Command{
		Use:   "check --config FILE",
		Short: "Validate the configuration and print it with secrets redacted",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := config.Load(path)
			if err != nil {
				return fmt.Errorf("%s is not valid:\n%w", path,
					indent(err.Error()))
			}
			out, err := cfg.Redacted()
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "# %s is valid. Effective configuration:\n%s", path, out)
			return nil
		},
	}
	configFlag(check, &path)
	cmd.AddCommand(check)
	return cmd
}

func indent(s string) error {
	return fmt.Errorf("  %s", strings.ReplaceAll(s, "\n", "\n  "))
}
