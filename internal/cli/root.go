// Package cli is latch's command line. The client commands here call a latch
// server over its API; the server-side commands (serve, token, config,
// migrate) live in their own files and join through serverCommands.
package cli

import (
	"context"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"
)

// serverCommands builds the commands that run or administer a server rather
// than call one. Their files append a constructor from init, and Execute adds
// each to the root, so this file need not know them.
var serverCommands []func() *cobra.Command

// app is what the client commands share: where to find the server, and how
// to reach it. Tests build one with a fake environment and HTTP client.
type app struct {
	getenv     func(string) string
	httpClient *http.Client

	// url and token are the --url and --token flags, which win over
	// LATCH_URL and LATCH_TOKEN.
	url   string
	token string
}

// NewRoot returns the "latch" command with every client subcommand. It reads
// LATCH_URL and LATCH_TOKEN from the process environment when a command runs.
func NewRoot() *cobra.Command {
	return newRoot(&app{
		getenv:     os.Getenv,
		httpClient: &http.Client{Timeout: 30 * time.Second},
	})
}

// Execute runs the command line in os.Args, with the server commands that
// registered themselves, and returns the process exit code. Errors are
// printed to stderr as "latch: <error>".
func Execute() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	root := NewRoot()
	for _, build := range serverCommands {
		root.AddCommand(build())
	}
	return run(ctx, root, os.Args[1:])
}

// run executes root with args and turns its error into an exit code.
func run(ctx context.Context, root *cobra.Command, args []string) int {
	if args == nil {
		args = []string{} // nil would make cobra read os.Args
	}
	root.SetArgs(args)

	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return ExitOK
	}
	printError(root.ErrOrStderr(), cmd, err)
	return exitCode(err)
}

func newRoot(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "latch",
		Short: "Just-in-time access: ask for it, approve it, and let it expire",
		Long: `latch grants access to sensitive systems for a reason and for a while.

The client commands call a latch server. Point them at one with LATCH_URL and
LATCH_TOKEN, or with --url and --token.`,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return usageError{err}
	})

	pf := root.PersistentFlags()
	pf.StringVar(&a.url, "url", "", "latch server URL (default $LATCH_URL)")
	pf.StringVar(&a.token, "token", "", "API token (default $LATCH_TOKEN; prefer the variable)")

	root.AddCommand(
		newRequestCmd(a),
		newLsCmd(a),
		newShowCmd(a),
		newApproveCmd(a),
		newDenyCmd(a),
		newRevokeCmd(a),
		newRelinquishCmd(a),
		newCancelCmd(a),
		newRetryCmd(a),
		newCommentCmd(a),
		newExportCmd(a),
		newResourcesCmd(a),
		newWhoamiCmd(a),
	)
	return root
}
