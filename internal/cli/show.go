package cli

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/latchhq/latch/internal/api"
)

func newShowCmd(a *app) *cobra.Command {
	var output *outputFormat
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Show a request and its history",
		Args:  idArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.show(cmd, args[0], *output)
		},
	}
	output = addOutputFlag(cmd)
	return cmd
}

func (a *app) show(cmd *cobra.Command, id string, format outputFormat) error {
	c, err := a.client()
	if err != nil {
		return err
	}

	r, err := c.Get(cmd.Context(), id)
	if err != nil {
		return fmt.Errorf("show request %s: %w", id, err)
	}

	out := cmd.OutOrStdout()
	if format == jsonOutput {
		return writeJSON(out, r)
	}
	printFacts(out, r)
	fmt.Fprintln(out)
	printHistory(out, r.Events)
	return nil
}

// printFacts prints what r is, one labeled line each, leaving out what has
// not happened.
func printFacts(w io.Writer, r api.Request) {
	tw := newTable(w)
	fact := func(label, value string) {
		if value != "" {
			row(tw, label+":", value)
		}
	}
	fact("ID", r.ID)
	fact("Status", r.Status)
	fact("Requester", r.Requester)
	fact("Resource", r.Resource)
	fact("Reason", r.Reason)
	fact("Requested", timeText(&r.RequestedAt))
	fact("Duration wished", r.RequestedDuration)
	fact("Approved", decision(r.ApprovedBy, r.ApprovedAt, r.ApprovedDuration))
	fact("Denied", decision(r.DeniedBy, r.DeniedAt, ""))
	fact("Granted", optionalTime(r.GrantedAt))
	fact("Ends", optionalTime(r.EndsAt))
	fact("Ended", decision(r.EndedBy, r.EndedAt, ""))
	fact("Error", r.Error)
	_ = tw.Flush()
}

// decision reads "T by WHO for D", leaving out what is missing; empty when
// nothing is known.
func decision(by string, at *time.Time, d string) string {
	var parts []string
	if at != nil {
		parts = append(parts, timeText(at))
	}
	if by != "" {
		parts = append(parts, "by "+by)
	}
	if d != "" {
		parts = append(parts, "for "+d)
	}
	return strings.Join(parts, " ")
}

// optionalTime is t as text, or empty when unset.
func optionalTime(t *time.Time) string {
	if t == nil {
		return ""
	}
	return timeText(t)
}

// printHistory prints the events oldest first as a table.
func printHistory(w io.Writer, events []api.Event) {
	if len(events) == 0 {
		fmt.Fprintln(w, "History: none")
		return
	}
	fmt.Fprintln(w, "History:")
	tw := newTable(w)
	row(tw, "TIME", "KIND", "ACTOR", "SOURCE", "STATUS", "MESSAGE")
	for _, e := range events {
		row(tw, timeText(&e.At), e.Kind, e.Actor, e.Source, transition(e), e.Message)
	}
	_ = tw.Flush()
}

// transition reads "pending→approved", "→pending", or empty.
func transition(e api.Event) string {
	if e.FromStatus == "" && e.ToStatus == "" {
		return ""
	}
	return e.FromStatus + "→" + e.ToStatus
}
