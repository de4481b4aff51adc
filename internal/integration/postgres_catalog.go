package integration

import (
	"context"
	"fmt"
)

const rolesExistSQL = `
SELECT
  EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1),
  EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $2)`

const isMemberSQL = `
SELECT EXISTS (
  SELECT 1
  FROM pg_auth_members AS m
  JOIN pg_roles AS r ON r.oid = m.roleid
  JOIN pg_roles AS u ON u.oid = m.member
  WHERE r.rolname = $1
    AND u.rolname = $2
)`

// IsMember reports whether the database user (a name as DatabaseUser returns
// it, not an email) is a direct member of role, as pg_auth_members says.
func (p *Postgres) IsMember(ctx context.Context, user, role string) (bool, error) {
	var member bool
	if err := p.pool.QueryRow(ctx, isMemberSQL, role, user).Scan(&member); err != nil {
		return false, fmt.Errorf("read membership of %q in %q: %w", user, role, err)
	}
	return member, nil
}

// checkExist gives a clear error when the user or the role is missing.
func (p *Postgres) checkExist(ctx context.Context, user, role string) error {
	var userOK, roleOK bool
	err := p.pool.QueryRow(ctx, rolesExistSQL, user, role).Scan(&userOK, &roleOK)
	if err != nil {
		return fmt.Errorf("look up roles: %w", err)
	}

	if !roleOK {
		return fmt.Errorf("role %q does not exist", role)
	}
	if !userOK {
		return fmt.Errorf("database user %q does not exist", user)
	}
	return nil
}

// checkRevoked confirms that a REVOKE took the membership away. From
// PostgreSQL 16 on, REVOKE only drops grants made by the current role, so a
// membership granted by someone else survives it with a mere warning.
func (p *Postgres) checkRevoked(ctx context.Context, user, role string) error {
	member, err := p.IsMember(ctx, user, role)
	if err != nil {
		return err
	}
	if member {
		return fmt.Errorf("%q is still a member of %q after revoke: "+
			"another role granted it and must revoke it", user, role)
	}
	return nil
}
