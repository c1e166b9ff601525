//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package connpeek

import "net"

// Spoke cannot peek at a socket on this system: it reports false, and
// the pools keep pgx's own rule (a ping after a second idle).
func Spoke(net.Conn) bool { return false }
