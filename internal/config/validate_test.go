package config

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestValidate(t *testing.T) {
	t.Parallel()
	pg := func(c *Config) *PostgresOptions { return c.Integrations[0].Postgres }
	cmd := func(c *Config) *CommandOptions { return c.Integrations[1].Command }
	tests := []struct {
		name   string
		change func(c *Config)
		want   string
	}{
		{"listen without port", func(c *Config) { c.Listen = "localhost" },
			`listen: "localhost" is not host:port`},
		{"listen bad port", func(c *Config) { c.Listen = "localhost:http" },
			`listen: port "http" is not a number`},
		{"store unknown", func(c *Config) { c.Store = "mysql://root:pw@db" },
			`store: must be "sqlite:PATH" or a "postgres://" URL`},
		{"store sqlite without path", func(c *Config) { c.Store = "sqlite:" },
			`store: "sqlite:" needs a file path`},
		{"store bad postgres URL", func(c *Config) { c.Store = "postgres://u:p@db:port/x" },
			"store: the PostgreSQL URL does not parse"},

		{"user without email", func(c *Config) { c.Directory.Users[0].Email = "" },
			"directory.users[0].email: required"},
		{"user bad email", func(c *Config) { c.Directory.Users[1].Email = "bob" },
			`directory.users[1].email: "bob" is not an email address`},
		{"user email with name", func(c *Config) { c.Directory.Users[1].Email = "Bob <bob@x.com>" },
			"directory.users[1].email: "},
		{"user duplicate email", func(c *Config) { c.Directory.Users[1].Email = "ALICE@example.com" },
			`directory.users[1].email: "ALICE@example.com" is already listed as directory.users[0]`},
		{"user bad group", func(c *Config) { c.Directory.Users[1].Groups = []string{"sre", "Ops Team"} },
			`directory.users[1].groups[1]: "Ops Team" is not a valid group name`},

		{"admin not in directory", func(c *Config) { c.Directory.Admins.Users = []string{"eve@example.com"} },
			`directory.admins.users[0]: "eve@example.com" is not in the directory`},
		{"auditor group empty", func(c *Config) { c.Directory.Auditors.Groups = []string{"audit"} },
			`directory.auditors.groups[0]: group "audit" has no members in the directory`},
		{"approver not in directory", func(c *Config) {
			c.Approvals.Approvers.Users = []string{"bob@example.com", "x@example.com"}
		}, `approvals.approvers.users[1]: "x@example.com" is not in the directory`},
		{"approver group empty", func(c *Config) { c.Approvals.Approvers.Groups = []string{"sre", "x"} },
			`approvals.approvers.groups[1]: group "x" has no members in the directory`},
		{"approver group bad name", func(c *Config) { c.Approvals.Approvers.Groups = []string{"SRE"} },
			`approvals.approvers.groups[0]: "SRE" is not a valid group name`},
		{"no approver resolves", func(c *Config) { c.Approvals.Approvers = Principals{} },
			"approvals.approvers: no one in the directory can approve"},

		{"max duration not positive", func(c *Config) { c.Approvals.MaxDuration = 0 },
			"approvals.max_duration: must be at least 1s"},
		{"expiry option not positive", func(c *Config) { c.Approvals.ExpiryOptions[2] = -1 },
			"approvals.expiry_options[2]: must be at least 1s"},
		{"expiry option too long", func(c *Config) { c.Approvals.MaxDuration = Duration(24 * time.Hour) },
			"approvals.expiry_options[3]: 1w is longer than max_duration 1d"},
		{"approvable window not positive", func(c *Config) { c.Approvals.ApprovableWindow = 0 },
			"approvals.approvable_window: must be at least 1s"},

		{"integration name bad", func(c *Config) { c.Integrations[1].Name = "Web_1" },
			`integrations[1].name: "Web_1" is not a valid integration name`},
		{"integration name too long", func(c *Config) { c.Integrations[1].Name = strings.Repeat("a", 64) },
			"integrations[1].name: "},
		{"integration name duplicate", func(c *Config) { c.Integrations[1].Name = "prod-db" },
			`integrations[1].name: "prod-db" is already used by integrations[0]`},
		{"integration type missing", func(c *Config) { c.Integrations[1].Type = "" },
			"integrations[1].type: required"},
		{"integration type unknown", func(c *Config) { c.Integrations[1].Type = "ssh" },
			`integrations[1].type: "ssh" is not a known type`},
		{"integration block missing", func(c *Config) { c.Integrations[0].Postgres = nil },
			`integrations[0].postgres: required for type "postgres"`},
		{"integration other block", func(c *Config) { c.Integrations[1].Postgres = &PostgresOptions{} },
			`integrations[1].postgres: not allowed for type "command"`},
		{"timeout zero", func(c *Config) { c.Integrations[0].Timeout = 0 },
			"integrations[0].timeout: 0s is out of range"},
		{"timeout too long", func(c *Config) { c.Integrations[1].Timeout = Duration(11 * time.Minute) },
			"integrations[1].timeout: 11m is out of range"},

		{"postgres dsn missing", func(c *Config) { pg(c).DSN = "" },
			"integrations[0].postgres.dsn: required: set dsn_file, or LATCH_INTEGRATION_PROD_DB_DSN"},
		{"postgres user mapping", func(c *Config) { pg(c).User = "name" },
			`integrations[0].postgres.user: "name" is not a user mapping`},
		{"postgres user prefix", func(c *Config) { pg(c).UserPrefix = "u-" },
			`integrations[0].postgres.user_prefix: "u-" may hold only`},
		{"postgres no roles", func(c *Config) { pg(c).Roles = nil },
			"integrations[0].postgres.roles: required"},
		{"postgres role name", func(c *Config) { pg(c).Roles[0].Name = "read-only" },
			`integrations[0].postgres.roles[0].name: "read-only" is not a valid role name`},
		{"postgres role duplicate", func(c *Config) {
			pg(c).Roles = append(pg(c).Roles, Access{Name: "readonly"})
		}, `integrations[0].postgres.roles[1].name: "readonly" is already listed`},

		{"command grant missing", func(c *Config) { cmd(c).Grant = nil },
			"integrations[1].command.grant: required: give the program and its arguments as a list"},
		{"command shell string", func(c *Config) { cmd(c).Remove = []string{"/bin/revoke --user x"} },
			`integrations[1].command.remove[0]: "/bin/revoke --user x" contains spaces: give an argv list`},
		{"command relative path", func(c *Config) { cmd(c).Grant = []string{"./grant"} },
			`integrations[1].command.grant[0]: "./grant" is a relative path`},
		{"command empty program", func(c *Config) { cmd(c).Grant = []string{""} },
			"integrations[1].command.grant[0]: empty"},
		{"command no accesses", func(c *Config) { cmd(c).Accesses = nil },
			"integrations[1].command.accesses: required"},
		{"command access name", func(c *Config) { cmd(c).Accesses[0].Name = "-x" },
			`integrations[1].command.accesses[0].name: "-x" is not a valid access name`},
		{"command access duplicate", func(c *Config) {
			cmd(c).Accesses = append(cmd(c).Accesses, Access{Name: "shell"})
		}, `integrations[1].command.accesses[1].name: "shell" is already listed`},

		{"jobs attempts", func(c *Config) { c.Jobs.MaxAttempts = -1 },
			"jobs.max_attempts: must be positive"},
		{"jobs retry base", func(c *Config) { c.Jobs.RetryBase = 0 },
			"jobs.retry_base: must be positive"},
		{"jobs retry max", func(c *Config) { c.Jobs.RetryMax = -1 },
			"jobs.retry_max: must be positive"},
		{"jobs retry base above max", func(c *Config) { c.Jobs.RetryBase = Duration(time.Hour) },
			"jobs.retry_base: 1h is longer than retry_max 5m"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := mustLoad(t, full)
			tt.change(c)
			err := c.Validate()
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestValidateAccepts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(c *Config)
	}{
		{"postgres store", func(c *Config) { c.Store = "postgres://latch:pw@db:5432/latch" }},
		{"postgresql store", func(c *Config) { c.Store = "postgresql://db/latch?sslmode=require" }},
		{"listen on all interfaces", func(c *Config) { c.Listen = ":8080" }},
		{"IPv6 listen", func(c *Config) { c.Listen = "[::1]:8080" }},
		{"script as one argument", func(c *Config) {
			c.Integrations[1].Command.Grant = []string{"/bin/sh", "-c", "echo granted >> /tmp/x"}
		}},
		{"bare program name", func(c *Config) { c.Integrations[1].Command.Grant = []string{"grant"} }},
		{"approver by email, any case", func(c *Config) {
			c.Approvals.Approvers = Principals{Users: []string{"ALICE@example.com"}}
		}},
		{"email user mapping", func(c *Config) { c.Integrations[0].Postgres.User = "email" }},
		{"timeout at the cap", func(c *Config) { c.Integrations[0].Timeout = Duration(10 * time.Minute) }},
		{"nameless user", func(c *Config) { c.Directory.Users[0].Name = "" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := mustLoad(t, full)
			tt.change(c)
			require.NoError(t, c.Validate())
		})
	}
}

func TestValidateNeverPrintsSecrets(t *testing.T) {
	t.Parallel()
	c := mustLoad(t, full)
	c.Store = "mysql://root:hunter2@db"
	c.Listen = "bad"
	err := c.Validate()
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "hunter2")

	c.Store = "postgres://root:hunter2@db:port/x"
	err = c.Validate()
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "hunter2")
}
