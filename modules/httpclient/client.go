package httpclient

import (
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
)

// Client is the app's HTTP client (Egg's app.curl / app.httpclient). It
// embeds the *http.Client it is built on, so Do, Get, Post, Head and
// PostForm work as in the standard library, and client.Client is the
// *http.Client to hand to an SDK: every call through either gets the same
// stack, bottom to top:
//
//	Network      the *http.Transport from Config (timeouts, pool, SSRF guard),
//	             or whatever a test or contrib put in its place
//	retries      only for calls whose context says so (WithRetry)
//	headers      User-Agent; the request id and trace context of the
//	             request the call is made in
//	log, events  one debug line per call (warn on error); OnCall hooks
//
// The JSON helpers (GetJSON, JSON, DoJSON) send and decode JSON on top.
// A Client is safe for concurrent use. Inject it as *httpclient.Client.
type Client struct {
	*http.Client
	cfg      Config
	log      *slog.Logger
	ua       string
	idHeader string

	hookMu sync.Mutex
	hooks  atomic.Pointer[[]func(CallEvent)]
}

// Option configures New.
type Option func(*options)

type options struct {
	logger   *slog.Logger
	name     string
	idHeader string
	network  http.RoundTripper
}

// WithLogger sets the logger of the per-call lines. Default: none.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.logger = l } }

// WithName names the app in the default User-Agent ("<name> egg-go").
func WithName(name string) Option { return func(o *options) { o.name = name } }

// WithRequestIDHeader sets the header that carries a forwarded request id.
// Default X-Request-Id.
func WithRequestIDHeader(h string) Option { return func(o *options) { o.idHeader = h } }

// WithNetwork puts rt at the bottom of the stack instead of the transport
// built from Config (so Config's timeouts other than Timeout, its pool and
// its SSRF guard are rt's business then).
func WithNetwork(rt http.RoundTripper) Option { return func(o *options) { o.network = rt } }

// New builds a Client from cfg; it needs no egg app. The error names a
// config field that is invalid. Inside an egg app, Module builds it with
// the app's name, logger and request-id header.
func New(cfg Config, opts ...Option) (*Client, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	o := options{idHeader: "X-Request-Id"}
	for _, opt := range opts {
		opt(&o)
	}
	if o.network == nil {
		t, err := NewTransport(cfg)
		if err != nil {
			return nil, err
		}
		o.network = t
	}
	if o.logger == nil {
		o.logger = slog.New(slog.DiscardHandler)
	}
	c := &Client{cfg: cfg, log: o.logger, idHeader: http.CanonicalHeaderKey(o.idHeader), ua: cfg.UserAgent}
	if c.ua == "" {
		c.ua = strings.TrimSpace(o.name + " egg-go")
	}
	c.Client = &http.Client{Transport: &stack{c: c, next: o.network}, Timeout: cfg.Timeout}
	return c, nil
}

// UserAgent returns the User-Agent sent on requests that set none.
func (c *Client) UserAgent() string { return c.ua }
