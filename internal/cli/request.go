package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/latchhq/latch/internal/api"
)

// requestOptions are the flags of "latch request".
type requestOptions struct {
	reason   string
	duration durationValue
	wait     bool
	timeout  durationValue
	poll     time.Duration
	output   *outputFormat
}

func newRequestCmd(a *app) *cobra.Command {
	o := requestOptions{
		timeout: durationValue{text: "1h", d: time.Hour},
		poll:    time.Second,
	}
	cmd := &cobra.Command{
		Use:   "request RESOURCE --reason TEXT",
		Short: "Ask for access to a resource",
		Long: `Ask for access to a resource, written INTEGRATION/ACCESS.

The new request's id is printed alone on a line, so that a script can keep it:

    id=$(latch request prod-db/readonly --reason "incident 42")

With --wait, latch follows the request until access is granted (exit 0), it
is denied (exit 2), it ends otherwise (exit 1) or --timeout passes (exit 4).
Progress goes to stderr. With -o json, the request is printed once, as last
seen, when the wait ends.`,
		Example: `  latch request prod-db/readonly --reason "debug INC-42" --duration 2h
  latch request web-ssh/admin --reason "deploy" --wait --timeout 15m`,
		Args: exactArgs("RESOURCE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.request(cmd, args[0], &o)
		},
	}

	f := cmd.Flags()
	f.StringVar(&o.reason, "reason", "", "why you need the access (required)")
	f.Var(&o.duration, "duration", "how long you wish the access for, such as 1h or 1d")
	f.BoolVar(&o.wait, "wait", false, "follow the request until it is granted or ends")
	f.Var(&o.timeout, "timeout", "with --wait, how long to wait at most")
	f.DurationVar(&o.poll, "poll-interval", o.poll, "with --wait, time between checks")
	_ = f.MarkHidden("poll-interval")
	o.output = addOutputFlag(cmd)
	return cmd
}

// validate checks the command line before anything is sent.
func (o *requestOptions) validate(cmd *cobra.Command, resource string) error {
	integration, access, ok := strings.Cut(resource, "/")
	if !ok || strings.TrimSpace(integration) == "" || strings.TrimSpace(access) == "" {
		return usagef("resource %q: write it as INTEGRATION/ACCESS, such as prod-db/readonly "+
			"(see 'latch resources')", resource)
	}
	if strings.TrimSpace(o.reason) == "" {
		return usagef("--reason is required: say why you need the access")
	}
	if cmd.Flags().Changed("timeout") && !o.wait {
		return usagef("--timeout only applies with --wait")
	}
	if o.poll <= 0 {
		return usagef("--poll-interval must be positive")
	}
	return nil
}

// request creates the request, then prints it or follows it.
func (a *app) request(cmd *cobra.Command, resource string, o *requestOptions) error {
	if err := o.validate(cmd, resource); err != nil {
		return err
	}
	c, err := a.client()
	if err != nil {
		return err
	}

	cr := api.CreateRequest{
		Resource: resource,
		Reason:   strings.TrimSpace(o.reason),
		Duration: o.duration.text,
	}
	r, err := c.Create(cmd.Context(), cr)
	if err != nil {
		return fmt.Errorf("request %s: %w", resource, err)
	}

	if !o.wait {
		return printCreated(cmd, *o.output, r)
	}
	return follow(cmd, c, r, o)
}

// printCreated prints the new request's id, or the request as JSON.
func printCreated(cmd *cobra.Command, format outputFormat, r api.Request) error {
	if format == jsonOutput {
		return writeJSON(cmd.OutOrStdout(), r)
	}
	_, err := fmt.Fprintln(cmd.OutOrStdout(), r.ID)
	return err
}
