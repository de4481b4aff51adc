package cli

import (
	"fmt"
	"log/slog"
	"os"

	"github.com/spf13/cobra"

	"github.com/latchhq/latch/internal/config"
	"github.com/latchhq/latch/internal/server"
)

func init() {
	serverCommands = append(serverCommands, newServeCmd)
}

func newServeCmd() *cobra.Command {
	var (
		path      string
		noMigrate bool
		logFormat string
		logLevel  string
	)
	cmd := &cobra.Command{
		Use:   "serve --config FILE",
		Short: "Run the latch server: HTTP API and background jobs",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			log, err := newLogger(logFormat, logLevel)
			if err != nil {
				return err
			}
			cfg, err := config.Load(path)
			if err != nil {
				return err
			}
			srv, err := server.New(cmd.Context(), cfg, log, server.Options{SkipMigrate: noMigrate})
			if err != nil {
				return err
			}
			return srv.Run(cmd.Context())
		},
	}
	configFlag(cmd, &path)
	cmd.Flags().BoolVar(&noMigrate, "no-migrate", false,
		"do not apply schema migrations at start")
	cmd.Flags().StringVar(&logFormat, "log-format", "json", "log format: json or text")
	cmd.Flags().StringVar(&logLevel, "log-level", "info", "log level: debug, info, warn or error")
	return cmd
}

// configFlag adds the required --config flag.
func configFlag(cmd *cobra.Command, path *string) {
	cmd.Flags().StringVarP(path, "config", "c", "", "configuration file (required)")
	cmd.MarkFlagRequired("config")
}

func newLogger(format, level string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, usageError{fmt.Errorf("--log-level %q: use debug, info, warn or error", level)}
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch format {
	case "json":
		return slog.New(slog.NewJSONHandler(os.Stderr, opts)), nil
	case "text":
		return slog.New(slog.NewTextHandler(os.Stderr, opts)), nil
	}
	return nil, usageError{fmt.Errorf("--log-format %q: use json or text", format)}
}
