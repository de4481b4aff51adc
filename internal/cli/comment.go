package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

func newCommentCmd(a *app) *cobra.Command {
	var output *outputFormat
	cmd := &cobra.Command{
		Use:   "comment ID TEXT...",
		Short: "Add to a request's discussion",
		Long: `Add to a request's discussion. The words after the id are joined with
spaces, so quoting the text is optional.`,
		Example: `  latch comment k3x9p2 "done, thanks"`,
		Args:    commentArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.comment(cmd, args[0], strings.Join(args[1:], " "), *output)
		},
	}
	output = addOutputFlag(cmd)
	return cmd
}

// commentArgs wants an id and some text.
func commentArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return usagef("missing request ID")
	}
	if err := checkID(args[0]); err != nil {
		return err
	}
	if strings.TrimSpace(strings.Join(args[1:], "")) == "" {
		return usagef("missing comment text")
	}
	return nil
}

func (a *app) comment(cmd *cobra.Command, id, text string, format outputFormat) error {
	c, err := a.client()
	if err != nil {
		return err
	}

	r, err := c.Comment(cmd.Context(), id, strings.TrimSpace(text))
	if err != nil {
		return fmt.Errorf("comment on request %s: %w", id, err)
	}
	return confirm(cmd, format, r, id, "has your comment")
}
