package main

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// batch is how many rows one INSERT carries.
const batch = 500

var statuses = []string{"expired", "expired", "expired", "expired", "denied", "canceled",
	"timed_out", "revoked", "relinquished", "active", "pending"}

// generate inserts n requests straight into the SQLite store in one
// transaction, with "?" placeholders (numbered ones are slow to bind by the
// thousand),
// one request a minute backwards from now, spread over 200 requesters, 20
// resources and 10 approvers; every 20th has two comments; every one
// has its approval message in Slack.
func generate(ctx context.Context, db *sql.DB, n int) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	start := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC).Add(-time.Duration(n) * time.Minute)

	var reqArgs, evArgs, msgArgs []any
	var reqRows, evRows, msgRows []string
	flush := func() error {
		if len(reqRows) > 0 {
			q := `INSERT INTO requests (id, status, requester, resource, integration, access,
	reason, requested_duration_ms, approved_duration_ms, approved_by, approved_at,
	denied_by, ended_at, created_at, updated_at) VALUES ` + strings.Join(reqRows, ", ")
			if _, err := tx.ExecContext(ctx, q, reqArgs...); err != nil {
				return fmt.Errorf("insert requests: %w", err)
			}
		}
		if len(evRows) > 0 {
			q := `INSERT INTO events (request_id, at, kind, actor, source, message) VALUES ` +
				strings.Join(evRows, ", ")
			if _, err := tx.ExecContext(ctx, q, evArgs...); err != nil {
				return fmt.Errorf("insert events: %w", err)
			}
		}
		if len(msgRows) > 0 {
			q := `INSERT INTO slack_messages (request_id, channel, ts, permalink, posted_at)
	VALUES ` + strings.Join(msgRows, ", ")
			if _, err := tx.ExecContext(ctx, q, msgArgs...); err != nil {
				return fmt.Errorf("insert slack messages: %w", err)
			}
		}
		reqArgs, evArgs, reqRows, evRows = reqArgs[:0], evArgs[:0], reqRows[:0], evRows[:0]
		msgArgs, msgRows = msgArgs[:0], msgRows[:0]
		return nil
	}
	ph := func(args *[]any, vals ...any) string {
		var ps []string
		for _, v := range vals {
			*args = append(*args, v)
			ps = append(ps, "?")
		}
		return "(" + strings.Join(ps, ", ") + ")"
	}

	for i := range n {
		at := start.Add(time.Duration(i) * time.Minute).UnixMicro()
		st := statuses[i%len(statuses)]
		approver, denier := fmt.Sprintf("approver%d@example.com", i%10), ""
		var approvedAt, ended int64 = at + 60e6, at + 3600e6
		switch st {
		case "denied":
			approver, denier, approvedAt = "", fmt.Sprintf("approver%d@example.com", i%10), 0
		case "canceled", "timed_out", "pending":
			approver, approvedAt = "", 0
		}
		if st == "pending" || st == "active" {
			ended = 0
		}
		access := fmt.Sprintf("access%d", i%20)
		reason := fmt.Sprintf("Investigate ticket INC-%d on host-%d", i%9973, i%50)
		reqRows = append(reqRows, ph(&reqArgs, fmt.Sprintf("r%09d", i), st,
			fmt.Sprintf("user%d@example.com", i%200), "demo/"+access, "demo", access, reason,
			3600000, 3600000, approver, approvedAt, denier, ended, at, at))
		ts := fmt.Sprintf("%d.%06d", at/1e6, i%1e6)
		msgRows = append(msgRows, ph(&msgArgs, fmt.Sprintf("r%09d", i), "C0APPROVALS", ts,
			"https://example.slack.com/archives/C0APPROVALS/p"+strings.ReplaceAll(ts, ".", ""),
			at))
		if i%20 == 0 {
			for j := range 2 {
				evRows = append(evRows, ph(&evArgs, fmt.Sprintf("r%09d", i), at+int64(j+1)*1e6,
					"comment", "approver1@example.com", "web", "Looks fine;\tticket linked."))
			}
		}
		if len(reqRows) == batch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	return tx.Commit()
}
