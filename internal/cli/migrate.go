package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/latchhq/latch/internal/config"
	"github.com/latchhq/latch/internal/store"
)

func init() {
	serverCommands = append(serverCommands, newMigrateCmd)
}

func newMigrateCmd() *cobra.Command {
	var path string
	cmd := &cobra.Command{
		Use:   "migrate --config FILE",
		Short: "Bring the store's schema up to date, then exit",
		Long: `Bring the store's schema (latch's tables and the job queue's) up to date,
then exit. "latch serve" does the same at start unless given --no-migrate; run
this first when replicas start with --no-migrate, or to upgrade at a time of
your choosing. A schema newer than this latch is refused and left alone.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := config.Load(path)
			if err != nil {
				return err
			}
			st, err := store.Open(cmd.Context(), cfg.Store.Reveal())
			if err != nil {
				return err
			}
			defer st.Close()

			before, _, err := st.SchemaVersion(cmd.Context())
			if err != nil {
				return err
			}
			if err := st.Migrate(cmd.Context()); err != nil {
				return err
			}
			after, _, err := st.SchemaVersion(cmd.Context())
			if err != nil {
				return err
			}
			if after == before {
				fmt.Fprintf(cmd.OutOrStdout(), "schema is up to date at version %d\n", after)
				return nil
			}
			fmt.Fprintf(cmd.OutOrStdout(), "schema migrated from version %d to %d\n",
				before, after)
			return nil
		},
	}
	configFlag(cmd, &path)
	return cmd
}
