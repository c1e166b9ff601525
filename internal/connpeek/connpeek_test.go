//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package connpeek

import (
	"net"
	"testing"
	"time"
)

// tcpPair is a connected client and server socket on loopback.
func tcpPair(t *testing.T) (client, server net.Conn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, _ := ln.Accept()
		accepted <- c
	}()
	client, err = net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	server = <-accepted
	if server == nil {
		t.Fatal("accept failed")
	}
	t.Cleanup(func() { client.Close(); server.Close() })
	return client, server
}

// settle lets bytes or a FIN written on loopback reach the other end.
func settle(t *testing.T, c net.Conn, want bool) bool {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for {
		got := Spoke(c)
		if got == want || time.Now().After(deadline) {
			return got
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestServerSpoke(t *testing.T) {
	for _, tc := range []struct {
		name   string
		parked bool                           // a reader waits in Read, as pgx's background reader may
		server func(t *testing.T, s net.Conn) // what the server does
		want   bool
	}{
		{"idle and open", false, func(*testing.T, net.Conn) {}, false},
		{"idle with a reader parked in Read", true, func(*testing.T, net.Conn) {}, false},
		{"unasked bytes", false, func(t *testing.T, s net.Conn) { write(t, s) }, true},
		{"closed by the server", false, func(_ *testing.T, s net.Conn) { s.Close() }, true},
		{"last message taken by the parked reader, then closed", true, func(t *testing.T, s net.Conn) { write(t, s); s.Close() }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, s := tcpPair(t)
			read := make(chan struct{})
			if tc.parked {
				go func() {
					defer close(read)
					var b [64]byte
					_, _ = c.Read(b[:]) // returns at the first bytes or the end
				}()
				time.Sleep(10 * time.Millisecond) // let it park (the test passes without the wait too)
			} else {
				close(read)
			}
			tc.server(t, s)
			if tc.parked && tc.want {
				<-read // the reader took what the server sent
			}
			done := make(chan bool, 1)
			go func() { done <- settle(t, c, tc.want) }()
			select {
			case got := <-done:
				if got != tc.want {
					t.Errorf("Spoke = %v, want %v", got, tc.want)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("Spoke blocked")
			}
			c.Close()
			<-read
		})
	}
}

func write(t *testing.T, s net.Conn) {
	t.Helper()
	if _, err := s.Write([]byte("E")); err != nil {
		t.Fatal(err)
	}
}
