package integration

import (
	"errors"
	"fmt"
	"strings"

	"github.com/latchhq/latch/internal/config"
)

// ErrUnknownAccess is wrapped by Grant and Remove when the access is not one
// the integration offers.
var ErrUnknownAccess = errors.New("unknown access")

// toAccesses copies configured accesses.
func toAccesses(list []config.Access) []Access {
	out := make([]Access, len(list))
	for i, a := range list {
		out[i] = Access{Name: a.Name, Description: a.Description}
	}
	return out
}

// checkAccess returns an ErrUnknownAccess error unless name is in list.
func checkAccess(list []Access, name string) error {
	for _, a := range list {
		if a.Name == name {
			return nil
		}
	}
	return fmt.Errorf("%w %q: offered are %s", ErrUnknownAccess, name, accessNames(list))
}

// accessNames lists the names for an error message.
func accessNames(list []Access) string {
	if len(list) == 0 {
		return "none"
	}
	names := make([]string, len(list))
	for i, a := range list {
		names[i] = a.Name
	}
	return strings.Join(names, ", ")
}
