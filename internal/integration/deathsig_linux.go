package integration

import "syscall"

// dieWithParent has the kernel kill the program when latch's thread that
// started it, and so latch, dies.
func dieWithParent(a *syscall.SysProcAttr) { a.Pdeathsig = syscall.SIGKILL }
