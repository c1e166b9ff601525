//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package connpeek

import (
	"errors"
	"net"
	"syscall"
)

// Spoke reports whether the peer closed an idle connection or
// sent something on it that nobody asked for: a peek at the socket that
// neither blocks nor consumes a byte (one system call). Under TLS it
// peeks at the TCP socket beneath, where an unread record waits as well.
// Connections it cannot look into report false.
//
// It peeks through Control, not Read: pgx may have left a background
// reader parked in a Read on an idle connection (after a slow write),
// which holds the socket's read lock until data comes. A closed
// connection still shows: its end of stream stays readable even after
// that reader took the server's last message.
func Spoke(c net.Conn) bool {
	if tc, ok := c.(interface{ NetConn() net.Conn }); ok { // *tls.Conn
		c = tc.NetConn()
	}
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
	err = rc.Control(func(fd uintptr) {
		n, _, rerr := syscall.Recvfrom(int(fd), buf[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
		switch {
		case errors.Is(rerr, syscall.EAGAIN) || errors.Is(rerr, syscall.EWOULDBLOCK):
			// nothing to read: idle and open
		case rerr != nil, n >= 0:
			spoke = true // an error, end of stream, or unasked bytes
		}
	})
	return spoke || err != nil
}
