package cli

import (
	"bufio"
	"fmt"
	"net/url"
	"strings"

	"github.com/spf13/cobra"

	"github.com/latchhq/latch/internal/export"
)

// exportOptions are the flags of "latch export".
type exportOptions struct {
	status    []string
	requester string
	resource  string
	approver  string
	from      string
	to        string
	text      string
}

func newExportCmd(a *app) *cobra.Command {
	var o exportOptions
	cmd := &cobra.Command{
		Use:   "export [filters] > FILE",
		Short: "Write the requests you may see as TSV, for reviews and spreadsheets",
		Long: `Write every request you may see that matches the filters as TSV to stdout:
a header row, then one line per request, newest first. It is the same file as
the dashboard's Export button. Inside values, tabs, newlines, carriage
returns and backslashes are written \t, \n, \r and \\, and a value a
spreadsheet would run as a formula starts with an apostrophe.`,
		Example: `  latch export > requests.tsv
  latch export --status active,revoking --from 2026-04-01 --to 2026-06-30 > q2.tsv`,
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.export(cmd, &o)
		},
	}

	f := cmd.Flags()
	f.StringSliceVar(&o.status, "status", nil, "only these statuses, comma-separated: "+
		strings.Join(statuses, ", "))
	f.StringVar(&o.requester, "requester", "", "only requests by this email address")
	f.StringVar(&o.resource, "resource", "", "only requests for this resource")
	f.StringVar(&o.approver, "approver", "", "only requests this email address approved or denied")
	f.StringVar(&o.from, "from", "", "only requests made on or after this date or RFC 3339 time")
	f.StringVar(&o.to, "to", "", "only requests made up to this date (inclusive) or before this time")
	f.StringVarP(&o.text, "query", "q", "", "only requests with this id, or this text in the reason")
	return cmd
}

// query checks the filters as the server will, so that a mistake is told
// before anything is sent, and encodes them.
func (o *exportOptions) query() (url.Values, error) {
	q := url.Values{}
	set := func(k, v string) {
		if v != "" {
			q.Set(k, v)
		}
	}
	set(export.ParamStatus, strings.Join(o.status, ","))
	set(export.ParamRequester, o.requester)
	set(export.ParamResource, o.resource)
	set(export.ParamApprover, o.approver)
	set(export.ParamFrom, o.from)
	set(export.ParamTo, o.to)
	set(export.ParamText, o.text)
	if _, err := export.ParseQuery(q); err != nil {
		return nil, usagef("%v", err)
	}
	return q, nil
}

func (a *app) export(cmd *cobra.Command, o *exportOptions) error {
	q, err := o.query()
	if err != nil {
		return err
	}
	c, err := a.client()
	if err != nil {
		return err
	}

	out := bufio.NewWriterSize(cmd.OutOrStdout(), 64<<10)
	if _, err := c.Export(cmd.Context(), q, out); err != nil {
		out.Flush()
		return fmt.Errorf("export requests: %w", err)
	}
	return out.Flush()
}
