//go:build unix && !linux

package integration

import "syscall"

// dieWithParent does nothing where the system has no parent-death signal.
func dieWithParent(*syscall.SysProcAttr) {}
