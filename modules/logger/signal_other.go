//go:build !unix

package logger

import "os"

// notifyReopen does nothing where there is no SIGUSR1.
func notifyReopen(chan<- os.Signal) bool { return false }
