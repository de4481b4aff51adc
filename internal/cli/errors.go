package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
)

// Exit codes. Scripts tell a denied wait from a timed-out one by them.
const (
	ExitOK      = 0
	ExitFailure = 1 // any error, including bad usage
	ExitDenied  = 2 // --wait: an approver denied the request
	ExitTimeout = 4 // --wait: no outcome before --timeout
)

// ExitError makes the command line exit with Code. Err, when not nil, is
// printed as "latch: <Err>" first. Any other error exits with ExitFailure.
type ExitError struct {
	Code int
	Err  error
}

// Error is Err's message.
func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit status %d", e.Code)
	}
	return e.Err.Error()
}

// Unwrap returns Err.
func (e *ExitError) Unwrap() error { return e.Err }

// usageError is a mistake in the command line itself: a bad flag, a missing
// argument. It is printed with a pointer to --help.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }

func (e usageError) Unwrap() error { return e.err }

// usagef returns a usageError with a formatted message.
func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// exitCode is the process exit code for err.
func exitCode(err error) int {
	var ee *ExitError
	if errors.As(err, &ee) {
		return ee.Code
	}
	return ExitFailure
}

// isUsage reports whether err is about how the command line was written.
// Cobra's own checks return plain errors, so those are known by their text.
func isUsage(err error) bool {
	var ue usageError
	if errors.As(err, &ue) {
		return true
	}
	msg := err.Error()
	return strings.HasPrefix(msg, "unknown command ") ||
		strings.HasPrefix(msg, "required flag(s) ") ||
		strings.Contains(msg, "flags in the group")
}

// printError writes err to w as "latch: <err>", with a pointer to the help
// of cmd for a usage error.
func printError(w io.Writer, cmd *cobra.Command, err error) {
	var ee *ExitError
	if errors.As(err, &ee) && ee.Err == nil {
		return
	}
	fmt.Fprintf(w, "latch: %s\n", printable(strings.TrimSpace(err.Error())))
	if isUsage(err) && cmd != nil {
		fmt.Fprintf(w, "Run '%s --help' for usage.\n", cmd.CommandPath())
	}
}
