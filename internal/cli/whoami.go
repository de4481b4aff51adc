package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

func newWhoamiCmd(a *app) *cobra.Command {
	var output *outputFormat
	cmd := &cobra.Command{
		Use:   "whoami",
		Short: "Show who the server takes you to be",
		Args:  exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.whoami(cmd, *output)
		},
	}
	output = addOutputFlag(cmd)
	return cmd
}

func (a *app) whoami(cmd *cobra.Command, format outputFormat) error {
	c, err := a.client()
	if err != nil {
		return err
	}

	w, err := c.Whoami(cmd.Context())
	if err != nil {
		return fmt.Errorf("whoami: %w", err)
	}

	out := cmd.OutOrStdout()
	if format == jsonOutput {
		return writeJSON(out, w)
	}
	tw := newTable(out)
	row(tw, "Email:", w.Email)
	row(tw, "Name:", w.Name)
	row(tw, "Groups:", strings.Join(w.Groups, ", "))
	row(tw, "Roles:", strings.Join(w.Roles, ", "))
	return tw.Flush()
}
