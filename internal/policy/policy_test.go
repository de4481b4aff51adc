package policy

import (
	"errors"
	"testing"

	"github.com/latchhq/latch/internal/request"
)

func TestDecide(t *testing.T) {
	t.Parallel()
	var (
		alice   = Person{Email: "alice@example.com"}
		bob     = Person{Email: "bob@example.com", Approver: true}
		dave    = Person{Email: "dave@example.com", Admin: true}
		erin    = Person{Email: "erin@example.com", Auditor: true}
		mallory = Person{Email: "mallory@example.com"}
		// An approver asking for access themselves.
		bobsOwn = request.Request{ID: "r2", Requester: "Bob@example.com"}
		req     = request.Request{ID: "r1", Requester: "alice@example.com"}
	)
	twoParty := Rules{}
	oneParty := Rules{AllowOneParty: true}

	tests := []struct {
		name   string
		who    Person
		action Action
		req    request.Request
		rules  Rules
		ok     bool
	}{
		{"requester views own", alice, View, req, twoParty, true},
		{"stranger views", mallory, View, req, twoParty, false},
		{"approver views", bob, View, req, twoParty, true},
		{"auditor views", erin, View, req, twoParty, true},
		{"admin views", dave, View, req, twoParty, true},

		{"approver approves", bob, Approve, req, twoParty, true},
		{"admin approves", dave, Approve, req, twoParty, true},
		{"requester approves own", alice, Approve, req, twoParty, false},
		{"auditor approves", erin, Approve, req, twoParty, false},
		{"approver approves own, two-party", bob, Approve, bobsOwn, twoParty, false},
		{"approver approves own, one-party", bob, Approve, bobsOwn, oneParty, true},
		{"non-approver approves own, one-party", alice, Approve, req, oneParty, false},
		{"approver denies own, two-party", bob, Deny, bobsOwn, twoParty, false},
		{"approver denies", bob, Deny, req, twoParty, true},
		{"stranger denies", mallory, Deny, req, twoParty, false},

		{"approver revokes", bob, Revoke, req, twoParty, true},
		{"approver revokes own", bob, Revoke, bobsOwn, twoParty, true},
		{"requester revokes", alice, Revoke, req, twoParty, false},
		{"auditor revokes", erin, Revoke, req, twoParty, false},

		{"requester relinquishes", alice, Relinquish, req, twoParty, true},
		{"approver relinquishes others", bob, Relinquish, req, twoParty, false},
		{"requester cancels", alice, Cancel, req, twoParty, true},
		{"admin cancels others", dave, Cancel, req, twoParty, false},

		{"requester comments", alice, Comment, req, twoParty, true},
		{"approver comments", bob, Comment, req, twoParty, true},
		{"auditor comments", erin, Comment, req, twoParty, false},
		{"stranger comments", mallory, Comment, req, twoParty, false},

		{"admin retries", dave, Retry, req, twoParty, true},
		{"approver retries", bob, Retry, req, twoParty, false},
	}
	for _, tt := range tests {
		err := Decide(tt.who, tt.action, tt.req, tt.rules)
		if (err == nil) != tt.ok {
			t.Errorf("%s: Decide = %v, want ok=%v", tt.name, err, tt.ok)
		}
		if err != nil && !errors.Is(err, request.ErrForbidden) {
			t.Errorf("%s: error %v is not ErrForbidden", tt.name, err)
		}
	}
}
