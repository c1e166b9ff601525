package httpclient

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/egg-go/egg/modules/security"
)

// Network is the bottom of the client: the http.RoundTripper that talks to
// the network. Module provides the *http.Transport NewTransport builds;
// decorate Network with fx.Decorate to intercept every outbound call in
// tests (httpclienttest does) or to wrap it (a tracing transport). The
// layers above it (User-Agent, request id, retries, logs, events) stay.
type Network struct {
	http.RoundTripper
}

// NewTransport returns the *http.Transport cfg describes: its timeouts,
// keep-alive pool, proxies from the environment (HTTP_PROXY, HTTPS_PROXY,
// NO_PROXY) and, when cfg.SSRF is on, the SSRF guard in its dialer.
func NewTransport(cfg Config) (*http.Transport, error) {
	d := &net.Dialer{Timeout: cfg.ConnectTimeout, KeepAlive: 30 * time.Second}
	t := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           d.DialContext,
		ForceAttemptHTTP2:     true,
		TLSHandshakeTimeout:   cfg.TLSHandshakeTimeout,
		ResponseHeaderTimeout: cfg.ResponseHeaderTimeout,
		IdleConnTimeout:       cfg.IdleConnTimeout,
		MaxIdleConns:          cfg.MaxIdleConns,
		MaxIdleConnsPerHost:   cfg.MaxIdleConnsPerHost,
		MaxConnsPerHost:       cfg.MaxConnsPerHost,
		ExpectContinueTimeout: time.Second,
	}
	if !cfg.SSRF {
		return t, nil
	}
	allow, err := security.ParseSSRFAllowList(cfg.SSRFAllow)
	if err != nil {
		return nil, fmt.Errorf("httpclient: SSRFAllow (HTTPCLIENT_SSRF_ALLOW): %w", err)
	}
	g := &ssrfDialer{guard: security.NewSSRFGuard(allow...), open: d, hosts: map[string]bool{}}
	guarded := *d
	guarded.Control = g.guard.Control
	g.guarded = &guarded
	for _, h := range cfg.SSRFAllowHosts {
		g.hosts[strings.ToLower(strings.TrimSpace(h))] = true
	}
	t.DialContext = g.DialContext
	t.Proxy = g.proxy(http.ProxyFromEnvironment)
	return t, nil
}

// ssrfDialer dials allowed host names openly and everything else through
// the guard, which checks each resolved address before connecting.
type ssrfDialer struct {
	guard         *security.SSRFGuard
	open, guarded *net.Dialer
	hosts         map[string]bool
}

func (g *ssrfDialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	if host, _, err := net.SplitHostPort(addr); err == nil && g.hosts[strings.ToLower(host)] {
		return g.open.DialContext(ctx, network, addr)
	}
	return g.guarded.DialContext(ctx, network, addr)
}

// proxy wraps the proxy choice: through a proxy, the dialer only sees the
// proxy's address, so the target is resolved and checked here first. The
// proxy resolves it again, so this check is best effort (a rebinding DNS
// answer can differ); a proxy should enforce its own egress rules.
func (g *ssrfDialer) proxy(next func(*http.Request) (*url.URL, error)) func(*http.Request) (*url.URL, error) {
	return func(r *http.Request) (*url.URL, error) {
		u, err := next(r)
		if err != nil || u == nil {
			return u, err
		}
		host := r.URL.Hostname()
		if g.hosts[strings.ToLower(host)] {
			return u, nil
		}
		addrs, err := net.DefaultResolver.LookupNetIP(r.Context(), "ip", host)
		if err != nil {
			return nil, fmt.Errorf("httpclient: SSRF guard could not resolve %q before sending it to proxy %s: %w", host, u.Host, err)
		}
		for _, a := range addrs {
			if err := g.guard.Check(a); err != nil {
				return nil, err
			}
		}
		return u, nil
	}
}
