package httpclient

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/egg-go/egg/modules/security"
)

// flaky answers 503 to the first `fails` requests, then 200 "ok".
func flaky(fails int) func(int, http.ResponseWriter, *http.Request) {
	return func(n int, w http.ResponseWriter, r *http.Request) {
		if n <= fails {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		_, _ = io.WriteString(w, "ok")
	}
}

// call sends one request with the retry policy (nil: none) and returns the
// status (0 on error) and the error.
func call(t *testing.T, c *Client, req *http.Request, pol *Retry) (int, error) {
	t.Helper()
	if pol != nil {
		req = req.WithContext(WithRetry(req.Context(), *pol))
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}

func newReq(t *testing.T, method, url string, body io.Reader) *http.Request {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// streamBody is a body http.NewRequest cannot rewind: GetBody stays nil.
type streamBody struct{ io.Reader }

func TestRetry(t *testing.T) {
	tests := []struct {
		name       string
		method     string
		body       func() io.Reader
		header     http.Header
		pol        *Retry
		fails      int
		wantStatus int
		wantHits   int
	}{
		{"GET retried until it succeeds", "GET", nil, nil, &Retry{Attempts: 3}, 2, 200, 3},
		{"GET gives up after Attempts", "GET", nil, nil, &Retry{Attempts: 3}, 10, 503, 3},
		{"GET without a policy is sent once", "GET", nil, nil, nil, 1, 503, 1},
		{"Attempts 1 is no retry", "GET", nil, nil, &Retry{Attempts: 1}, 1, 503, 1},
		{"HEAD, PUT, DELETE are idempotent", "DELETE", nil, nil, &Retry{Attempts: 2}, 1, 200, 2},
		{"PUT with a replayable body", "PUT", func() io.Reader { return strings.NewReader("payload") }, nil, &Retry{Attempts: 3}, 2, 200, 3},
		{"POST is not retried", "POST", func() io.Reader { return strings.NewReader("payload") }, nil, &Retry{Attempts: 3}, 2, 503, 1},
		{"PATCH is not retried", "PATCH", func() io.Reader { return strings.NewReader("payload") }, nil, &Retry{Attempts: 3}, 2, 503, 1},
		{"POST retried when the caller says so", "POST", func() io.Reader { return bytes.NewReader([]byte("payload")) }, nil, &Retry{Attempts: 3, Unsafe: true}, 2, 200, 3},
		{"POST with an Idempotency-Key is retried", "POST", func() io.Reader { return strings.NewReader("payload") },
			http.Header{"Idempotency-Key": {"k1"}}, &Retry{Attempts: 3}, 1, 200, 2},
		{"a stream body is never retried, even when asked", "PUT", func() io.Reader { return streamBody{strings.NewReader("payload")} }, nil,
			&Retry{Attempts: 3, Unsafe: true}, 2, 503, 1},
		{"a 500 is not retried by default", "GET", nil, nil, &Retry{Attempts: 3, Statuses: []int{}}, 2, 503, 1},
		{"chosen statuses", "GET", nil, nil, &Retry{Attempts: 3, Statuses: []int{503}}, 2, 200, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newUpstream(t, flaky(tt.fails))
			c := newTestClient(t, testConfig())
			ev := recordEvents(c)
			var body io.Reader
			if tt.body != nil {
				body = tt.body()
			}
			req := newReq(t, tt.method, srv.URL, body)
			for k, v := range tt.header {
				req.Header[k] = v
			}
			status, err := call(t, c, req, tt.pol)
			if err != nil {
				t.Fatal(err)
			}
			if status != tt.wantStatus || int(srv.hits.Load()) != tt.wantHits {
				t.Fatalf("status %d after %d server hits, want %d after %d", status, srv.hits.Load(), tt.wantStatus, tt.wantHits)
			}
			if e := ev.only(t); e.Attempts != tt.wantHits || e.Status != tt.wantStatus {
				t.Errorf("event attempts=%d status=%d, want %d and %d", e.Attempts, e.Status, tt.wantHits, tt.wantStatus)
			}
			if tt.body != nil {
				for i, b := range srv.bodies {
					if b != "payload" {
						t.Errorf("try %d sent body %q, want the same body every time", i+1, b)
					}
				}
			}
		})
	}
}

// A connection closed before any response is an error worth a retry.
func TestRetryConnectionError(t *testing.T) {
	srv := newUpstream(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			conn, _, err := http.NewResponseController(w).Hijack()
			if err == nil {
				conn.Close()
			}
			return
		}
		_, _ = io.WriteString(w, "ok")
	})
	c := newTestClient(t, testConfig())
	status, err := call(t, c, newReq(t, "GET", srv.URL, nil), &Retry{Attempts: 2})
	if err != nil || status != 200 || srv.hits.Load() != 2 {
		t.Fatalf("status %d, err %v after %d hits; want 200 after a retry", status, err, srv.hits.Load())
	}

	// without a policy the error reaches the caller (on a new connection:
	// on a reused one the transport itself retries a GET)
	c.CloseIdleConnections()
	srv.hits.Store(0)
	_, err = call(t, c, newReq(t, "GET", srv.URL, nil), nil)
	if err == nil {
		t.Fatal("want the connection error without a retry policy")
	}
}

// A Retry-After longer than the back-off cap ends the retries at once.
func TestRetryAfterTooLong(t *testing.T) {
	srv := newUpstream(t, func(n int, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	c := newTestClient(t, testConfig())
	status, err := call(t, c, newReq(t, "GET", srv.URL, nil), &Retry{Attempts: 5})
	if err != nil || status != 429 || srv.hits.Load() != 1 {
		t.Fatalf("status %d, err %v after %d hits; want the 429 after one try", status, err, srv.hits.Load())
	}
}

// When the next back-off would pass the deadline, the last response is
// returned instead of a timeout.
func TestRetryStopsBeforeDeadline(t *testing.T) {
	srv := newUpstream(t, flaky(10))
	cfg := testConfig()
	cfg.Timeout = time.Minute
	c := newTestClient(t, cfg)
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	req := newReq(t, "GET", srv.URL, nil).WithContext(ctx)
	status, err := call(t, c, req, &Retry{Attempts: 5, Backoff: time.Hour, MaxBackoff: time.Hour})
	if err != nil || status != 503 || srv.hits.Load() != 1 {
		t.Fatalf("status %d, err %v after %d hits; want the 503 after one try", status, err, srv.hits.Load())
	}
}

// Canceling the call while it waits to retry ends it with the context's
// error.
func TestRetryCanceledDuringBackoff(t *testing.T) {
	srv := newUpstream(t, flaky(10))
	cfg := testConfig()
	cfg.Timeout = time.Minute
	c := newTestClient(t, cfg)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	time.AfterFunc(50*time.Millisecond, cancel)
	req := newReq(t, "GET", srv.URL, nil).WithContext(ctx)
	_, err := call(t, c, req, &Retry{Attempts: 5, Backoff: 20 * time.Second, MaxBackoff: 20 * time.Second})
	if !errors.Is(err, context.Canceled) || srv.hits.Load() != 1 {
		t.Fatalf("err %v after %d hits; want context.Canceled after one try", err, srv.hits.Load())
	}
}

// An SSRF refusal is final: retrying gives the same answer.
func TestNoRetryOfSSRFRefusal(t *testing.T) {
	srv := newUpstream(t, flaky(0))
	cfg := testConfig()
	cfg.SSRF = true
	c := newTestClient(t, cfg)
	ev := recordEvents(c)
	_, err := call(t, c, newReq(t, "GET", srv.URL, nil), &Retry{Attempts: 3})
	if !errors.Is(err, security.ErrSSRFRefused) {
		t.Fatalf("err = %v, want the SSRF refusal", err)
	}
	if e := ev.only(t); e.Attempts != 1 {
		t.Errorf("attempts = %d, want 1", e.Attempts)
	}
}

func TestShouldRetry(t *testing.T) {
	ctx := t.Context()
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	ssrf := security.NewSSRFGuard().Check(netip.MustParseAddr("127.0.0.1"))
	for _, tt := range []struct {
		name string
		ctx  context.Context
		resp *http.Response
		err  error
		want bool
	}{
		{"connection reset", ctx, nil, errors.New("read: connection reset by peer"), true},
		{"503", ctx, &http.Response{StatusCode: 503}, nil, true},
		{"200", ctx, &http.Response{StatusCode: 200}, nil, false},
		{"404", ctx, &http.Response{StatusCode: 404}, nil, false},
		{"SSRF refusal", ctx, nil, fmt.Errorf("dial: %w", ssrf), false},
		{"unknown CA", ctx, nil, fmt.Errorf("tls: %w", x509.UnknownAuthorityError{}), false},
		{"bad host name", ctx, nil, fmt.Errorf("tls: %w", x509.HostnameError{Host: "x"}), false},
		{"context ended", canceled, nil, context.Canceled, false},
	} {
		if got := shouldRetry(tt.ctx, tt.resp, tt.err, DefaultRetryStatuses); got != tt.want {
			t.Errorf("%s: shouldRetry = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// Every back-off lies in [d/2, d] for d = base·2^(n-1) capped at max, and
// the jitter does spread them.
func TestBackoffBounded(t *testing.T) {
	base, maxWait := 100*time.Millisecond, time.Second
	for n := 1; n <= 70; n++ {
		d := maxWait
		if n <= 4 {
			d = base << (n - 1)
		}
		seen := map[time.Duration]bool{}
		for range 200 {
			w := backoff(base, maxWait, n)
			if w < d/2 || w > d {
				t.Fatalf("backoff(n=%d) = %v, want within [%v, %v]", n, w, d/2, d)
			}
			seen[w] = true
		}
		if len(seen) < 10 {
			t.Fatalf("backoff(n=%d) took only %d values in 200 draws: no jitter", n, len(seen))
		}
	}
	if w := backoff(time.Nanosecond, time.Nanosecond, 1); w > time.Nanosecond {
		t.Fatalf("backoff(1ns) = %v", w)
	}
}

func TestRetryAfterParse(t *testing.T) {
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"0", 0, true},
		{"7", 7 * time.Second, true},
		{"-1", 0, false},
		{"99999999999", 24 * time.Hour, true},
		{"Sun, 01 Nov 2026 12:00:30 GMT", 30 * time.Second, true},
		{"Sun, 01 Nov 2026 11:00:00 GMT", 0, true},
		{"soon", 0, false},
	} {
		got, ok := retryAfter(tt.in, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("retryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
