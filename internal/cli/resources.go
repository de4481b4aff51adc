package cli

import (
	"fmt"

	"github.com/spf13/cobra"
)

func newResourcesCmd(a *app) *cobra.Command {
	var output *outputFormat
	cmd := &cobra.Command{
		Use:   "resources",
		Short: "List what may be requested",
		Args:  exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.resources(cmd, *output)
		},
	}
	output = addOutputFlag(cmd)
	return cmd
}

func (a *app) resources(cmd *cobra.Command, format outputFormat) error {
	c, err := a.client()
	if err != nil {
		return err
	}

	list, err := c.Resources(cmd.Context())
	if err != nil {
		return fmt.Errorf("list resources: %w", err)
	}

	out := cmd.OutOrStdout()
	if format == jsonOutput {
		return writeJSON(out, list)
	}
	if len(list.Resources) == 0 {
		fmt.Fprintln(out, "no resources")
		return nil
	}
	tw := newTable(out)
	row(tw, "RESOURCE", "TYPE", "DESCRIPTION")
	for _, r := range list.Resources {
		row(tw, r.Resource, r.Type, r.Description)
	}
	return tw.Flush()
}
