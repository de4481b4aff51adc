package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/latchhq/latch/internal/api"
	"github.com/latchhq/latch/internal/client"
)

// lsOptions are the flags of "latch ls".
type lsOptions struct {
	status    statusValue
	mine      bool
	requester string
	resource  string
	limit     int
	cursor    string
	all       bool
	output    *outputFormat
}

func newLsCmd(a *app) *cobra.Command {
	var o lsOptions
	cmd := &cobra.Command{
		Use:     "ls",
		Aliases: []string{"list"},
		Short:   "List requests, newest first",
		Example: `  latch ls --status pending
  latch ls --mine --all -o json`,
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.ls(cmd, &o)
		},
	}

	f := cmd.Flags()
	f.Var(&o.status, "status", "only requests in this status: "+strings.Join(statuses, ", "))
	f.BoolVar(&o.mine, "mine", false, "only your own requests")
	f.StringVar(&o.requester, "requester", "", "only requests by this email address")
	f.StringVar(&o.resource, "resource", "", "only requests for this resource")
	f.IntVar(&o.limit, "limit", 0, "requests per page (default: the server's)")
	f.StringVar(&o.cursor, "cursor", "", "start at this page, from a previous listing")
	f.BoolVar(&o.all, "all", false, "fetch every page, not just the first")
	o.output = addOutputFlag(cmd)
	return cmd
}

// validate checks the filters before anything is sent.
func (o *lsOptions) validate() error {
	if o.limit < 0 {
		return usagef("--limit must not be negative")
	}
	if o.mine && o.requester != "" {
		return usagef("use --mine or --requester, not both")
	}
	if o.requester != "" && !strings.Contains(o.requester, "@") {
		return usagef("--requester %q: give an email address", o.requester)
	}
	return nil
}

func (o *lsOptions) listOptions() client.ListOptions {
	return client.ListOptions{
		Status:    string(o.status),
		Requester: o.requester,
		Resource:  o.resource,
		Mine:      o.mine,
		Limit:     o.limit,
		Cursor:    o.cursor,
	}
}

// ls lists one page, or with --all every page, and prints it.
func (a *app) ls(cmd *cobra.Command, o *lsOptions) error {
	if err := o.validate(); err != nil {
		return err
	}
	c, err := a.client()
	if err != nil {
		return err
	}

	list, err := o.fetch(cmd.Context(), c)
	if err != nil {
		return fmt.Errorf("list requests: %w", err)
	}

	if *o.output == jsonOutput {
		return writeJSON(cmd.OutOrStdout(), list)
	}
	printRequests(cmd, list)
	return nil
}

// fetch gets the page at --cursor and, with --all, the pages after it.
func (o *lsOptions) fetch(ctx context.Context, c *client.Client) (api.RequestList, error) {
	lo := o.listOptions()
	var combined api.RequestList
	seen := map[string]bool{}
	for {
		page, err := c.List(ctx, lo)
		if err != nil {
			return api.RequestList{}, err
		}
		combined.Requests = append(combined.Requests, page.Requests...)
		combined.NextCursor = page.NextCursor

		if !o.all || page.NextCursor == "" {
			return combined, nil
		}
		if seen[page.NextCursor] {
			return api.RequestList{}, fmt.Errorf("server repeated cursor %q", page.NextCursor)
		}
		seen[page.NextCursor] = true
		lo.Cursor = page.NextCursor
	}
}

// printRequests prints list as a table, and how to get more when there is.
func printRequests(cmd *cobra.Command, list api.RequestList) {
	out := cmd.OutOrStdout()
	if len(list.Requests) == 0 {
		fmt.Fprintln(out, "no requests")
	} else {
		tw := newTable(out)
		row(tw, "ID", "STATUS", "REQUESTER", "RESOURCE", "REQUESTED", "ENDS/ENDED")
		for _, r := range list.Requests {
			row(tw, r.ID, r.Status, r.Requester, r.Resource, timeText(&r.RequestedAt), ends(r))
		}
		_ = tw.Flush()
	}

	if list.NextCursor != "" {
		fmt.Fprintf(cmd.ErrOrStderr(), "more requests: pass --all, or --cursor %s\n",
			printable(list.NextCursor))
	}
}

// ends is when r's grant ended, or else when it is due to end.
func ends(r api.Request) string {
	if r.EndedAt != nil {
		return timeText(r.EndedAt)
	}
	return timeText(r.EndsAt)
}
