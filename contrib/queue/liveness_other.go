//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package queue

import "net"

// serverSpoke cannot peek at a socket on this system: connections are
// checked by pgx's rule only (a ping after a second idle).
func serverSpoke(net.Conn) bool { return false }
