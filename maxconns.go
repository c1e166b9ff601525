package egg

import (
	"io"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// limitLogEvery spaces the "MaxConns reached" warnings.
const limitLogEvery = 10 * time.Second

// limitListener accepts at most max open connections
// (ServerConfig.MaxConns): past that, Accept waits for one to close, and
// new connections wait in the kernel's listen backlog.
type limitListener struct {
	net.Listener
	slots   chan struct{}
	done    chan struct{}
	close   sync.Once
	log     *slog.Logger
	lastLog atomic.Int64 // unix nanoseconds of the last warning
}

func newLimitListener(ln net.Listener, max int, log *slog.Logger) *limitListener {
	return &limitListener{Listener: ln, slots: make(chan struct{}, max), done: make(chan struct{}), log: log}
}

// Accept waits for a free slot, then accepts a connection that frees its
// slot when closed.
func (l *limitListener) Accept() (net.Conn, error) {
	select {
	case l.slots <- struct{}{}:
	default:
		l.warnFull()
		select {
		case l.slots <- struct{}{}:
		case <-l.done:
			return nil, net.ErrClosed
		}
	}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.slots
		return nil, err
	}
	return &limitConn{Conn: c, free: l.free}, nil
}

func (l *limitListener) free() { <-l.slots }

// Close stops accepting, also for an Accept waiting for a slot.
func (l *limitListener) Close() error {
	l.close.Do(func() { close(l.done) })
	return l.Listener.Close()
}

func (l *limitListener) warnFull() {
	now := time.Now().UnixNano()
	last := l.lastLog.Load()
	if now-last < int64(limitLogEvery) || !l.lastLog.CompareAndSwap(last, now) {
		return
	}
	l.log.Warn("open connections reached ServerConfig.MaxConns: new connections wait until one closes; "+
		"raise EGG_MAX_CONNS if the host can take more", "max_conns", cap(l.slots))
}

// limitConn frees its listener slot once, when closed.
type limitConn struct {
	net.Conn
	once sync.Once
	free func()
}

func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.free)
	return err
}

// CloseWrite half-closes a TCP connection, as net/http does before
// closing one whose request body it did not read.
func (c *limitConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// ReadFrom keeps the TCP connection's sendfile path for net/http.
func (c *limitConn) ReadFrom(r io.Reader) (int64, error) {
	if rf, ok := c.Conn.(io.ReaderFrom); ok {
		return rf.ReadFrom(r)
	}
	return io.Copy(c.Conn, r)
}
