package integration

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/latchhq/latch/internal/config"
)

// defaultTimeout bounds a grant or removal when the configuration sets none.
const defaultTimeout = 30 * time.Second

// Postgres makes the requester's database user a member of an existing role
// (GRANT role TO user) and takes the membership away again (REVOKE). Roles
// must be on the configured allow-list; database users are mapped from emails
// and validated before any SQL is written.
//
// It connects on use, so latch starts while the server is down; a call made
// then fails and is retried by the caller.
type Postgres struct {
	name    string
	users   userMapping
	roles   []Access
	pool    *pgxpool.Pool
	timeout time.Duration
}

var _ Integration = (*Postgres)(nil)

// NewPostgres configures a postgres integration. dsn is the resolved
// connection string; it never appears in errors. No connection is made here.
func NewPostgres(name string, opts config.PostgresOptions, dsn string) (*Postgres, error) {
	users, err := newUserMapping(opts.User, opts.UserPrefix)
	if err != nil {
		return nil, fmt.Errorf("postgres %q: %w", name, err)
	}

	pool, err := newPool(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres %q: %w", name, err)
	}

	p := &Postgres{
		name:    name,
		users:   users,
		roles:   toAccesses(opts.Roles),
		pool:    pool,
		timeout: defaultTimeout,
	}
	return p, nil
}

// newPool creates a pool that connects lazily.
func newPool(dsn string) (*pgxpool.Pool, error) {
	if dsn == "" {
		return nil, errors.New("no dsn configured")
	}
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// The parser's message quotes the connection string, so say less.
		return nil, errors.New("parse dsn: not a valid connection string")
	}
	cfg.MinConns = 0
	cfg.MaxConns = 4

	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		return nil, fmt.Errorf("create pool: %w", err)
	}
	return pool, nil
}

// Name returns the configured name.
func (p *Postgres) Name() string { return p.name }

// Type returns "postgres".
func (p *Postgres) Type() string { return "postgres" }

// Accesses lists the allowed roles in configured order.
func (p *Postgres) Accesses() []Access { return append([]Access(nil), p.roles...) }

// Close closes the connection pool.
func (p *Postgres) Close() error {
	p.pool.Close()
	return nil
}

// DatabaseUser returns the database user name that email maps to, or an error
// when the mapped name is not a plain identifier.
func (p *Postgres) DatabaseUser(email string) (string, error) {
	return p.users.databaseUser(email)
}

// Grant makes the requester's database user a member of the role named by
// g.Access. Both must exist; an existing membership is left as it is.
func (p *Postgres) Grant(ctx context.Context, g Grant) error {
	if err := p.grant(ctx, g); err != nil {
		return fmt.Errorf("postgres grant %q: %w", p.name+"/"+g.Access, err)
	}
	return nil
}

// Remove revokes the membership; a missing membership is not an error. A
// missing user or role is, since that means the catalog changed behind latch's
// back (a renamed user keeps its memberships) and someone should look.
func (p *Postgres) Remove(ctx context.Context, g Grant) error {
	if err := p.remove(ctx, g); err != nil {
		return fmt.Errorf("postgres remove %q: %w", p.name+"/"+g.Access, err)
	}
	return nil
}

func (p *Postgres) grant(ctx context.Context, g Grant) error {
	return p.change(ctx, g, func(ctx context.Context, user, role string) error {
		if _, err := p.pool.Exec(ctx, "GRANT "+quote(role)+" TO "+quote(user)); err != nil {
			return fmt.Errorf("grant role %q to %q: %w", role, user, err)
		}
		return nil
	})
}

func (p *Postgres) remove(ctx context.Context, g Grant) error {
	return p.change(ctx, g, func(ctx context.Context, user, role string) error {
		if _, err := p.pool.Exec(ctx, "REVOKE "+quote(role)+" FROM "+quote(user)); err != nil {
			return fmt.Errorf("revoke role %q from %q: %w", role, user, err)
		}
		return p.checkRevoked(ctx, user, role)
	})
}

// change checks g and that its user and role exist, then runs do on them,
// all within the integration's timeout.
func (p *Postgres) change(ctx context.Context, g Grant,
	do func(ctx context.Context, user, role string) error) error {
	user, role, err := p.target(g)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	if err := p.checkExist(ctx, user, role); err != nil {
		return err
	}
	return do(ctx, user, role)
}

// target validates the grant and returns the database user and role.
func (p *Postgres) target(g Grant) (user, role string, err error) {
	if err := checkAccess(p.roles, g.Access); err != nil {
		return "", "", err
	}
	user, err = p.users.databaseUser(g.User)
	if err != nil {
		return "", "", err
	}
	return user, g.Access, nil
}

// quote quotes one identifier for SQL.
func quote(name string) string { return pgx.Identifier{name}.Sanitize() }
