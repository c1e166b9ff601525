//go:build linux

package httpclient

import (
	"net"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// blackhole returns the address of a listener whose accept queue is full:
// Linux drops further SYNs, so a connect to it hangs until the dialer's
// timeout, with no unroutable address and no outside network involved.
func blackhole(t *testing.T) string {
	t.Helper()
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Skipf("socket: %v", err)
	}
	t.Cleanup(func() { syscall.Close(fd) })
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		t.Skipf("bind: %v", err)
	}
	if err := syscall.Listen(fd, 0); err != nil { // never accepted: the queue fills
		t.Skipf("listen: %v", err)
	}
	sa, err := syscall.Getsockname(fd)
	if err != nil {
		t.Skipf("getsockname: %v", err)
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(sa.(*syscall.SockaddrInet4).Port))
	for range 16 {
		conn, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err != nil {
			return addr // the queue is full: connects hang from now on
		}
		t.Cleanup(func() { conn.Close() })
	}
	t.Skip("could not fill the listener's accept queue")
	return ""
}

func TestConnectTimeout(t *testing.T) {
	addr := blackhole(t)
	cfg := testConfig()
	cfg.ConnectTimeout = 100 * time.Millisecond
	cfg.Timeout = time.Minute
	c := newTestClient(t, cfg)
	ev := recordEvents(c)

	resp, err := c.Get("http://" + addr + "/")
	if err == nil {
		resp.Body.Close()
		t.Fatal("connected, want a connect timeout")
	}
	if !isDialTimeout(err) || !strings.Contains(err.Error(), "ConnectTimeout 100ms, HTTPCLIENT_CONNECT_TIMEOUT") {
		t.Fatalf("err = %v, want a dial timeout (ConnectTimeout), not the whole-call Timeout", err)
	}
	if e := ev.only(t); !isDialTimeout(e.Err) {
		t.Errorf("event error = %v, want the dial timeout", e.Err)
	}
}
