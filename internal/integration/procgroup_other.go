//go:build !unix

package integration

import "os/exec"

// killGroupOnCancel keeps exec's default of killing only the process itself.
// TODO: kill the process tree through a job object on Windows; latch's
// supported platforms are unix ones, where the whole group is killed.
func killGroupOnCancel(cmd *exec.Cmd) {}
