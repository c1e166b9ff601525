package httpclient

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The server sends nothing until the client gives up: the error names the
// response-header phase, not the whole-call timeout.
func TestResponseHeaderTimeout(t *testing.T) {
	srv := newUpstream(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done() // never answers; returns when the client hangs up
	})
	cfg := testConfig()
	cfg.ResponseHeaderTimeout = 50 * time.Millisecond
	cfg.Timeout = time.Minute
	c := newTestClient(t, cfg)
	ev := recordEvents(c)

	resp, err := c.Get(srv.URL)
	if err == nil {
		resp.Body.Close()
		t.Fatal("got a response, want a response-header timeout")
	}
	if !strings.Contains(err.Error(), "timeout awaiting response headers") || !strings.Contains(err.Error(), "ResponseHeaderTimeout 50ms, HTTPCLIENT_RESPONSE_HEADER_TIMEOUT") {
		t.Fatalf("err = %v, want the response-header timeout", err)
	}
	if e := ev.only(t); e.Err == nil || e.Status != 0 {
		t.Errorf("event = %+v, want the error and no status", e)
	}
}

// Headers come at once, then the body trickles: the whole-call Timeout
// stops the read.
func TestWholeRequestTimeout(t *testing.T) {
	srv := newUpstream(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
		rc := http.NewResponseController(w)
		for {
			if _, err := w.Write([]byte("x")); err != nil {
				return
			}
			_ = rc.Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(10 * time.Millisecond):
			}
		}
	})
	cfg := testConfig()
	cfg.Timeout = 150 * time.Millisecond
	cfg.ResponseHeaderTimeout = time.Minute
	c := newTestClient(t, cfg)

	resp, err := c.Get(srv.URL)
	if err != nil {
		t.Fatalf("the headers should arrive in time: %v", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err == nil {
		t.Fatalf("read %d bytes to the end, want the whole-call timeout while the body trickles", len(b))
	}
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "while reading the body (the whole-call Timeout 150ms, HTTPCLIENT_TIMEOUT") {
		t.Fatalf("err = %v, want the client's whole-call Timeout, named", err)
	}
	if len(b) == 0 {
		t.Error("no byte of the body was read before the timeout")
	}
}

// A context deadline shorter than Timeout wins.
func TestContextDeadlineWins(t *testing.T) {
	srv := newUpstream(t, func(_ int, w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	cfg := testConfig()
	cfg.Timeout = time.Minute
	cfg.ResponseHeaderTimeout = time.Minute
	c := newTestClient(t, cfg)
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	err := c.GetJSON(ctx, srv.URL, nil)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "before the response headers") {
		t.Fatalf("err = %v, want context.DeadlineExceeded, named", err)
	}
}

// The server accepts the connection and never speaks TLS: the handshake
// timeout is named.
func TestTLSHandshakeTimeout(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	accepted := make(chan net.Conn, 4)
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				close(accepted)
				return
			}
			accepted <- conn // held open, silent
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		for conn := range accepted {
			conn.Close()
		}
	})
	cfg := testConfig()
	cfg.TLSHandshakeTimeout = 50 * time.Millisecond
	cfg.Timeout = time.Minute
	c := newTestClient(t, cfg)
	resp, err := c.Get("https://" + ln.Addr().String() + "/")
	if err == nil {
		resp.Body.Close()
		t.Fatal("got a response from a server that never speaks TLS")
	}
	if !strings.Contains(err.Error(), "TLSHandshakeTimeout 50ms, HTTPCLIENT_TLS_HANDSHAKE_TIMEOUT") {
		t.Fatalf("err = %v, want the TLS handshake timeout, named", err)
	}
}

// TestTransportFromConfig checks each config field reaches the transport.
func TestTransportFromConfig(t *testing.T) {
	cfg := DefaultConfig()
	cfg.ConnectTimeout = 1 * time.Second
	cfg.TLSHandshakeTimeout = 2 * time.Second
	cfg.ResponseHeaderTimeout = 3 * time.Second
	cfg.IdleConnTimeout = 4 * time.Second
	cfg.MaxIdleConns, cfg.MaxIdleConnsPerHost, cfg.MaxConnsPerHost = 5, 6, 7
	tr, err := NewTransport(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer tr.CloseIdleConnections()
	if tr.TLSHandshakeTimeout != 2*time.Second || tr.ResponseHeaderTimeout != 3*time.Second ||
		tr.IdleConnTimeout != 4*time.Second || tr.MaxIdleConns != 5 || tr.MaxIdleConnsPerHost != 6 || tr.MaxConnsPerHost != 7 {
		t.Errorf("transport = %+v, does not match the config", tr)
	}
	if tr.Proxy == nil {
		t.Error("environment proxies are not honoured")
	}
	c := newTestClient(t, cfg)
	if c.Timeout != cfg.Timeout {
		t.Errorf("client Timeout = %v, want %v", c.Timeout, cfg.Timeout)
	}
}

// isDialTimeout reports a connect timeout: a *net.OpError from dial.
func isDialTimeout(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial" && op.Timeout()
}
