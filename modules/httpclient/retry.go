package httpclient

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/egg-go/egg/modules/security"
)

// Retry is a call's retry policy. Retries are off unless a call asks for
// them with WithRetry, and even then happen only when repeating the
// request is safe:
//
//   - the method is idempotent (GET, HEAD, OPTIONS, TRACE, PUT, DELETE),
//     the request has an Idempotency-Key or X-Idempotency-Key header, or
//     Unsafe is set;
//   - the body can be sent again: no body, or Request.GetBody is set
//     (http.NewRequest sets it for bytes, strings and bytes.Buffer bodies).
//     A body read from a stream is never retried, whatever the policy.
//
// What is retried: an error with no response (connection refused or
// reset, a response-header timeout), except an SSRF refusal, a TLS
// certificate error or the call's own context ending; and the statuses in
// Statuses. Between tries the client waits RetryBackoff, doubling each
// time up to RetryMaxBackoff, with jitter (a wait is between half and all
// of that), or the server's Retry-After when longer. It stops early, and
// returns the last response, when the next wait would pass the call's
// deadline (Config.Timeout or the context's) or a Retry-After asks for
// more than RetryMaxBackoff.
type Retry struct {
	// Attempts is the most tries in all, the first included: 3 means up to
	// two retries. Below 2 means no retry.
	Attempts int
	// Unsafe retries non-idempotent methods (POST, PATCH) too. Set it only
	// when repeating the call is harmless: the server dedupes it, or it has
	// no side effect.
	Unsafe bool
	// Backoff and MaxBackoff override Config.RetryBackoff and
	// Config.RetryMaxBackoff for the call; 0 keeps the config's.
	Backoff, MaxBackoff time.Duration
	// Statuses are the response statuses retried. Default (nil) 429, 502,
	// 503 and 504.
	Statuses []int
}

// DefaultRetryStatuses are the statuses a Retry with nil Statuses retries:
// Too Many Requests, Bad Gateway, Service Unavailable, Gateway Timeout.
var DefaultRetryStatuses = []int{http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout}

type retryKey struct{}

// WithRetry returns ctx carrying the retry policy r: calls made with it
// (through Do, the JSON helpers or client.Client) are retried as r says.
//
//	ctx := httpclient.WithRetry(c, httpclient.Retry{Attempts: 3})
//	err := client.GetJSON(ctx, "https://api.example.com/users/1", &user)
func WithRetry(ctx context.Context, r Retry) context.Context {
	return context.WithValue(ctx, retryKey{}, &r)
}

// send runs the attempts of one call through next and returns the last
// response or error and the number of tries.
func (c *Client) send(next http.RoundTripper, req *http.Request) (*http.Response, int, error) {
	ctx := req.Context()
	pol, _ := ctx.Value(retryKey{}).(*Retry)
	if pol == nil || pol.Attempts < 2 || !canRetry(req, pol.Unsafe) {
		resp, err := next.RoundTrip(req)
		return resp, 1, err
	}
	base, maxWait := c.cfg.RetryBackoff, c.cfg.RetryMaxBackoff
	if pol.Backoff > 0 {
		base = pol.Backoff
	}
	if pol.MaxBackoff > 0 {
		maxWait = pol.MaxBackoff
	}
	if maxWait < base {
		maxWait = base
	}
	statuses := pol.Statuses
	if statuses == nil {
		statuses = DefaultRetryStatuses
	}
	for n := 1; ; n++ {
		r := req
		if n > 1 {
			r = req.Clone(ctx)
			if req.GetBody != nil {
				body, err := req.GetBody()
				if err != nil {
					return nil, n - 1, fmt.Errorf("httpclient: could not rewind the request body for retry %d of %s %s: %w", n-1, req.Method, req.URL.Redacted(), err)
				}
				r.Body = body
			}
		}
		resp, err := next.RoundTrip(r)
		if n >= pol.Attempts || !shouldRetry(ctx, resp, err, statuses) {
			return resp, n, err
		}
		wait := backoff(base, maxWait, n)
		if resp != nil {
			if ra, ok := retryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
				if ra > maxWait {
					return resp, n, nil // the server asks for a longer pause than we will wait
				}
				wait = max(wait, ra)
			}
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
			return resp, n, err // no time left for another try: give the caller what we have
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			if resp != nil {
				discard(resp)
			}
			return nil, n, fmt.Errorf("httpclient: %s %s: stopped waiting to retry after %d attempts: %w", req.Method, req.URL.Redacted(), n, ctx.Err())
		case <-t.C:
		}
		if resp != nil {
			discard(resp)
		}
	}
}

// canRetry reports whether req may be sent more than once.
func canRetry(req *http.Request, unsafe bool) bool {
	if req.Body != nil && req.Body != http.NoBody && req.GetBody == nil {
		return false // the body is a stream we cannot rewind
	}
	if unsafe {
		return true
	}
	switch req.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace, http.MethodPut, http.MethodDelete:
		return true
	}
	_, key := req.Header["Idempotency-Key"]
	_, xkey := req.Header["X-Idempotency-Key"]
	return key || xkey
}

// shouldRetry reports whether the outcome of a try is worth another.
func shouldRetry(ctx context.Context, resp *http.Response, err error, statuses []int) bool {
	if ctx.Err() != nil {
		return false
	}
	if err == nil {
		return resp != nil && slices.Contains(statuses, resp.StatusCode)
	}
	var cert *tls.CertificateVerificationError
	var unknownCA x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	switch {
	case errors.Is(err, security.ErrSSRFRefused),
		errors.As(err, &cert), errors.As(err, &unknownCA), errors.As(err, &hostname), errors.As(err, &invalid):
		return false // the same answer every time
	}
	return true
}

// backoff is the wait before retry n (1-based): base doubled n-1 times,
// capped at maxWait, then jittered into [d/2, d].
func backoff(base, maxWait time.Duration, n int) time.Duration {
	d := base
	for i := 1; i < n && d < maxWait; i++ {
		d *= 2
	}
	d = min(d, maxWait)
	half := d / 2
	return half + rand.N(d-half+1)
}

// retryAfter parses a Retry-After header: seconds, or an HTTP date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseInt(v, 10, 64); err == nil {
		if s < 0 {
			return 0, false
		}
		if s > int64(24*time.Hour/time.Second) {
			s = int64(24 * time.Hour / time.Second)
		}
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// discard reads a little of a response that will not be used, so its
// connection can be reused, and closes it.
func discard(resp *http.Response) {
	_, _ = io.CopyN(io.Discard, resp.Body, 64<<10)
	_ = resp.Body.Close()
}
