package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
)

// freshSchema creates an empty schema on the server and returns a URL whose
// connections use it, and a function that drops it.
func freshSchema(ctx context.Context, server string) (string, func(), error) {
	db, err := sql.Open("pgx", server)
	if err != nil {
		return "", nil, fmt.Errorf("postgres: %w", err)
	}
	var b [4]byte
	rand.Read(b[:])
	schema := "latch_bench_" + hex.EncodeToString(b[:])
	if _, err := db.ExecContext(ctx, `CREATE SCHEMA "`+schema+`"`); err != nil {
		db.Close()
		return "", nil, fmt.Errorf("postgres: create schema: %w", err)
	}
	drop := func() {
		db.Exec(`DROP SCHEMA "` + schema + `" CASCADE`)
		db.Close()
	}
	u, err := url.Parse(server)
	if err != nil {
		drop()
		return "", nil, fmt.Errorf("postgres: %w", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), drop, nil
}
