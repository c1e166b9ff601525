//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package gorm

import (
	"errors"
	"net"
	"syscall"
)

// serverSpoke reports whether the server has closed an idle connection
// or sent something on it unasked (PostgreSQL's FATAL "terminating
// connection" when it restarts or an admin ends the session): a peek at
// the socket that neither blocks nor consumes a byte. It costs one system
// call, the check go-sql-driver makes before it reuses a connection. The
// ping that follows a true answer decides: a notice passes it, a dead
// connection fails it and the pool dials a new one. Connections it cannot
// look into (TLS) report false.
func serverSpoke(c net.Conn) bool {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return false
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return true
	}
	spoke := false
	var buf [1]byte
	err = rc.Read(func(fd uintptr) bool {
		n, _, err := syscall.Recvfrom(int(fd), buf[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
		switch {
		case errors.Is(err, syscall.EAGAIN) || errors.Is(err, syscall.EWOULDBLOCK):
			// nothing to read: the connection is idle and open
		case err != nil, n >= 0:
			spoke = true // an error, end of stream, or bytes nobody asked for
		}
		return true // never wait for readability
	})
	return spoke || err != nil
}
