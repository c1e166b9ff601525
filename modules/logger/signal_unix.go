//go:build unix

package logger

import (
	"os"
	"os/signal"
	"syscall"
)

// notifyReopen sends SIGUSR1 to ch.
func notifyReopen(ch chan<- os.Signal) bool {
	signal.Notify(ch, syscall.SIGUSR1)
	return true
}
