// Package httpclient is egg's outbound HTTP client (Egg's app.curl and
// app.httpclient): a *http.Client built from config, with named timeouts,
// a keep-alive pool, the app's User-Agent, the current request's id and
// trace context forwarded, opt-in retries that never repeat what is unsafe
// to repeat, an optional SSRF guard, one log line and one event per call,
// and JSON helpers.
//
// # In an app
//
// Add Module, unless the app's framework bundles it already, and inject
// *httpclient.Client. It adds no middleware, so it costs nothing per
// request:
//
//	egg.Run(modules.Default(), httpclient.Module, app.Module)
//
//	func (s *Weather) Today(c *egg.Ctx, city string) (Forecast, error) {
//		var f Forecast
//		err := s.client.GetJSON(c, "https://api.example.com/forecast?city="+url.QueryEscape(city), &f)
//		return f, err
//	}
//
// Passing the *egg.Ctx (or any context derived from it) as the context is
// what forwards the request id (X-Request-Id, or the app's
// RequestIDHeader) and the incoming traceparent / tracestate headers.
//
// # Timeouts
//
// Egg's single 5 s timeout is split by phase, each 5 s by default, so an
// error says which phase was slow: ConnectTimeout (TCP connect),
// TLSHandshakeTimeout, ResponseHeaderTimeout (request sent → headers) and
// Timeout, the whole call including retries and reading the body. A
// context deadline, if shorter, wins.
//
// # Retries
//
// Off unless a call asks, through its context:
//
//	ctx := httpclient.WithRetry(c, httpclient.Retry{Attempts: 3})
//
// Only idempotent methods are retried (or any method with Retry.Unsafe),
// only on connection errors and 429/502/503/504, with exponential back-off
// and jitter, honouring Retry-After; a body that cannot be replayed
// (Request.GetBody nil) is never sent twice. See Retry.
//
// # SSRF guard
//
// Off by default, as in Egg. HTTPCLIENT_SSRF=true turns it on: every
// connection is checked at dial time against the resolved address
// (security.SSRFGuard), so a host name that resolves, or re-resolves, to a
// private, loopback, link-local or metadata address is refused.
// HTTPCLIENT_SSRF_ALLOW and HTTPCLIENT_SSRF_ALLOW_HOSTS let chosen
// internal services through.
//
// # Tests
//
// Package httpclienttest intercepts the app's outbound calls (Egg's
// mockHttpclient): canned responses or handlers by host and path, a failed
// test on any unexpected call, and the calls made for assertions.
package httpclient
