//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package gorm

import "net"

// serverSpoke cannot peek at a socket on this system: connections are
// checked by pgx's own rule only (a ping after a second idle).
func serverSpoke(net.Conn) bool { return false }
