package cli

import (
	"fmt"

	"github.com/spf13/cobra"
)

func newApproveCmd(a *app) *cobra.Command {
	var expiry durationValue
	var output *outputFormat
	cmd := &cobra.Command{
		Use:     "approve ID --expiry DURATION",
		Short:   "Approve a pending request for a while",
		Example: "  latch approve k3x9p2 --expiry 1h",
		Args:    idArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.approve(cmd, args[0], expiry.text, *output)
		},
	}
	cmd.Flags().Var(&expiry, "expiry",
		"how long the access lasts once granted, such as 1h or 1d (required)")
	output = addOutputFlag(cmd)
	return cmd
}

// approve approves id for expiry, which the flag has already parsed.
func (a *app) approve(cmd *cobra.Command, id, expiry string, format outputFormat) error {
	if expiry == "" {
		return usagef("--expiry is required: say how long the access lasts, such as 1h or 1d")
	}
	c, err := a.client()
	if err != nil {
		return err
	}

	r, err := c.Approve(cmd.Context(), id, expiry)
	if err != nil {
		return fmt.Errorf("approve request %s: %w", id, err)
	}
	return confirm(cmd, format, r, id, "approved for "+expiry)
}
