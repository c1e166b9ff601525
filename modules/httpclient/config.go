package httpclient

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/security"
)

// Config tunes the client. Start from DefaultConfig: a zero duration means
// "no limit" (Go's meaning), not the default. Env prefix HTTPCLIENT_
// (durations as Go writes them: "5s", "250ms").
//
// Egg has one 5 s timeout; here it is split by phase, so a slow phase is
// named in the error:
//
//	ConnectTimeout         TCP connect            "dial tcp ...: i/o timeout"
//	TLSHandshakeTimeout    TLS handshake          "net/http: TLS handshake timeout"
//	ResponseHeaderTimeout  request sent → headers "timeout awaiting response headers"
//	Timeout                the whole call         "Client.Timeout exceeded ..."
//
// Timeout covers everything: connecting, every retry and its back-off,
// and reading the response body to its end.
type Config struct {
	// Timeout bounds the whole call, from sending the request to reading
	// the last byte of the body, retries and back-off included (Egg's
	// httpclient timeout). Default 5s. 0 = no limit (for long downloads;
	// then bound the call with its context). Env HTTPCLIENT_TIMEOUT.
	Timeout time.Duration `env:"TIMEOUT"`
	// ConnectTimeout bounds one TCP connect. Default 5s. 0 = the
	// operating system's limit. Env HTTPCLIENT_CONNECT_TIMEOUT.
	ConnectTimeout time.Duration `env:"CONNECT_TIMEOUT"`
	// TLSHandshakeTimeout bounds one TLS handshake. Default 5s. 0 = no
	// limit. Env HTTPCLIENT_TLS_HANDSHAKE_TIMEOUT.
	TLSHandshakeTimeout time.Duration `env:"TLS_HANDSHAKE_TIMEOUT"`
	// ResponseHeaderTimeout bounds the wait for the response headers once
	// the request is sent. Default 5s. 0 = no limit.
	// Env HTTPCLIENT_RESPONSE_HEADER_TIMEOUT.
	ResponseHeaderTimeout time.Duration `env:"RESPONSE_HEADER_TIMEOUT"`
	// IdleConnTimeout closes a kept-alive connection idle this long.
	// Default 4s, Egg's freeSocketTimeout: below the 5 s keep-alive of
	// Node servers, so a connection is not reused just as the server
	// closes it. 0 = never. Env HTTPCLIENT_IDLE_CONN_TIMEOUT.
	IdleConnTimeout time.Duration `env:"IDLE_CONN_TIMEOUT"`
	// MaxIdleConns caps kept-alive idle connections over all hosts.
	// Default 1024. 0 = no limit. Env HTTPCLIENT_MAX_IDLE_CONNS.
	MaxIdleConns int `env:"MAX_IDLE_CONNS"`
	// MaxIdleConnsPerHost caps kept-alive idle connections per host.
	// Default 256 (Egg's maxFreeSockets; Go's own default is 2).
	// Env HTTPCLIENT_MAX_IDLE_CONNS_PER_HOST.
	MaxIdleConnsPerHost int `env:"MAX_IDLE_CONNS_PER_HOST"`
	// MaxConnsPerHost caps connections per host, busy or idle; calls
	// beyond it wait. Default 0 = no limit (Egg's maxSockets).
	// Env HTTPCLIENT_MAX_CONNS_PER_HOST.
	MaxConnsPerHost int `env:"MAX_CONNS_PER_HOST"`
	// UserAgent is sent when a request sets none. Default "" = the app's
	// name and "egg-go", e.g. "shop egg-go". Env HTTPCLIENT_USER_AGENT.
	UserAgent string `env:"USER_AGENT"`
	// ForwardRequestID sends the current request's id (Ctx.RequestID) in
	// the app's request-id header (X-Request-Id by default) on calls made
	// with a request's context. Default true.
	// Env HTTPCLIENT_FORWARD_REQUEST_ID.
	ForwardRequestID bool `env:"FORWARD_REQUEST_ID"`
	// ForwardTraceContext passes the incoming request's W3C traceparent
	// and tracestate headers on, unchanged, when the outbound request has
	// none (a tracing transport, e.g. contrib/otel, sets its own).
	// Default true. Env HTTPCLIENT_FORWARD_TRACE_CONTEXT.
	ForwardTraceContext bool `env:"FORWARD_TRACE_CONTEXT"`
	// MaxResponseBytes caps the body the JSON helpers read; a larger one
	// is an error, never silently truncated. Default 10 MiB.
	// Env HTTPCLIENT_MAX_RESPONSE_BYTES.
	MaxResponseBytes int64 `env:"MAX_RESPONSE_BYTES"`
	// RetryBackoff is the first back-off of a call that opted into
	// retries (WithRetry); each next one doubles, with jitter. Default
	// 200ms. Env HTTPCLIENT_RETRY_BACKOFF.
	RetryBackoff time.Duration `env:"RETRY_BACKOFF"`
	// RetryMaxBackoff caps one back-off, and a server's Retry-After: a
	// longer Retry-After ends the retries. Default 2s.
	// Env HTTPCLIENT_RETRY_MAX_BACKOFF.
	RetryMaxBackoff time.Duration `env:"RETRY_MAX_BACKOFF"`
	// SSRF turns the SSRF guard on (off by default, as Egg): every
	// connection is checked at dial time, after DNS resolution, and
	// refused when the address is private, loopback, link-local,
	// carrier-grade NAT, multicast, reserved or a cloud metadata service
	// (see security.SSRFGuard). Env HTTPCLIENT_SSRF.
	SSRF bool `env:"SSRF"`
	// SSRFAllow lets these IP addresses or CIDR prefixes through the
	// guard (Egg's ipExceptionList), e.g. "10.1.2.0/24".
	// Env HTTPCLIENT_SSRF_ALLOW (comma-separated).
	SSRFAllow []string `env:"SSRF_ALLOW"`
	// SSRFAllowHosts lets calls to these host names through the guard,
	// whatever they resolve to (Egg's hostnameExceptionList); exact names,
	// case-insensitive, no port. Env HTTPCLIENT_SSRF_ALLOW_HOSTS.
	SSRFAllowHosts []string `env:"SSRF_ALLOW_HOSTS"`
}

// DefaultMaxResponseBytes is the default MaxResponseBytes: 10 MiB.
const DefaultMaxResponseBytes = 10 << 20

// DefaultConfig returns the defaults: Egg's 5 s timeout for each phase
// and for the whole call, Egg's keep-alive pool (4 s idle, 256 idle per
// host), request id and trace context forwarded, retries off unless a
// call asks (200 ms first back-off, 2 s cap), SSRF guard off.
func DefaultConfig() Config {
	return Config{
		Timeout:               5 * time.Second,
		ConnectTimeout:        5 * time.Second,
		TLSHandshakeTimeout:   5 * time.Second,
		ResponseHeaderTimeout: 5 * time.Second,
		IdleConnTimeout:       4 * time.Second,
		MaxIdleConns:          1024,
		MaxIdleConnsPerHost:   256,
		ForwardRequestID:      true,
		ForwardTraceContext:   true,
		MaxResponseBytes:      DefaultMaxResponseBytes,
		RetryBackoff:          200 * time.Millisecond,
		RetryMaxBackoff:       2 * time.Second,
	}
}

// Validate reports negative timeouts and pool sizes, bad back-offs, a
// User-Agent that would break the header, and allow list entries that do
// not parse; each error names the field and the fix.
func (c *Config) Validate() error {
	var errs []error
	for _, d := range []struct {
		name string
		v    time.Duration
	}{
		{"Timeout", c.Timeout}, {"ConnectTimeout", c.ConnectTimeout}, {"TLSHandshakeTimeout", c.TLSHandshakeTimeout},
		{"ResponseHeaderTimeout", c.ResponseHeaderTimeout}, {"IdleConnTimeout", c.IdleConnTimeout},
	} {
		if d.v < 0 {
			errs = append(errs, egg.InvalidConfig(d.name, "must not be negative; use 0 for no limit or a duration like 5s"))
		}
	}
	for _, n := range []struct {
		name string
		v    int
	}{{"MaxIdleConns", c.MaxIdleConns}, {"MaxIdleConnsPerHost", c.MaxIdleConnsPerHost}, {"MaxConnsPerHost", c.MaxConnsPerHost}} {
		if n.v < 0 {
			errs = append(errs, egg.InvalidConfig(n.name, "must not be negative; use 0 for no limit"))
		}
	}
	if c.MaxResponseBytes <= 0 {
		errs = append(errs, egg.InvalidConfig("MaxResponseBytes", fmt.Sprintf("must be a positive number of bytes, e.g. %d (10 MiB)", DefaultMaxResponseBytes)))
	}
	if c.RetryBackoff <= 0 {
		errs = append(errs, egg.InvalidConfig("RetryBackoff", "must be positive, e.g. 200ms"))
	}
	if c.RetryMaxBackoff < c.RetryBackoff {
		errs = append(errs, egg.InvalidConfig("RetryMaxBackoff", fmt.Sprintf("must be at least RetryBackoff (%s), e.g. 2s", c.RetryBackoff)))
	}
	if strings.ContainsAny(c.UserAgent, "\r\n") {
		errs = append(errs, egg.InvalidConfig("UserAgent", "must be one line: remove the line break"))
	}
	if _, err := security.ParseSSRFAllowList(c.SSRFAllow); err != nil {
		errs = append(errs, egg.InvalidConfig("SSRFAllow", err.Error()))
	}
	for _, h := range c.SSRFAllowHosts {
		if h = strings.TrimSpace(h); h == "" || strings.ContainsAny(h, ":/ ") {
			errs = append(errs, egg.InvalidConfig("SSRFAllowHosts", fmt.Sprintf("entry %q must be a bare host name like api.internal (no scheme, port or path)", h)))
		}
	}
	return errors.Join(errs...)
}
