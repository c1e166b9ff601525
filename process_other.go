//go:build !unix

package egg

import "syscall"

// readProc cannot inspect processes outside Unix.
func readProc(int) (procInfo, error) { return procInfo{}, errProcUnsupported }

// signalProcess cannot signal processes outside Unix.
func signalProcess(int, syscall.Signal) error { return errProcUnsupported }
