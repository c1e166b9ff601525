package egg

import (
	"encoding/json"
	"io"
	"net/http"
)

// Content types egg sets; shared, never modified, so setting one costs no
// allocation.
var (
	contentTypeJSON = []string{"application/json; charset=utf-8"}
	contentTypeText = []string{"text/plain; charset=utf-8"}
	contentTypeHTML = []string{"text/html; charset=utf-8"}
	connectionClose = []string{"close"}
)

// SetHeader sets a response header. Set headers before the response is
// written: once the status line is out, a header is lost. A middleware
// that adds headers on the way out (after next()) does it in a
// BeforeHeaders hook. In the local and unittest envs a late SetHeader logs
// a warning naming the header.
func (c *Ctx) SetHeader(name, value string) {
	if c.rw.headersSent() {
		c.lateHeader("SetHeader", name)
	}
	c.w.Header().Set(name, value)
}

// BeforeHeaders registers fn to run once, just before the status line and
// headers go out — when the handler or an error renderer first writes,
// flushes or sets the status, or when the request ends with nothing
// written. It is where a middleware sets headers on the way out (Koa's
// code after await next(), which in Go runs after the response is sent):
//
//	func timing(c *egg.Ctx, next func() error) error {
//		start := time.Now()
//		c.BeforeHeaders(func() { c.SetHeader("X-Response-Time", time.Since(start).String()) })
//		return next()
//	}
//
// Inside fn, c.Status() is the status about to be sent; fn may set,
// change or delete headers but must not write the body. Hooks run the
// last added first (the innermost middleware's first, as Koa's code after
// next()), and not at all for a hijacked connection. Adding a hook after
// the headers went out does nothing (in local and unittest it logs a
// warning).
func (c *Ctx) BeforeHeaders(fn func()) {
	if c.rw.headersSent() {
		c.lateHeader("BeforeHeaders", "")
		return
	}
	c.rw.before = append(c.rw.before, beforeHook{fn: fn})
}

// BeforeHeadersCtx is BeforeHeaders for a hook that takes the request's
// Ctx: a function made once — a method value or a func stored when the
// middleware is built — and registered on every request. Unlike a
// closure over c made per request, registering it allocates nothing,
// which is what a middleware on every request's path wants:
//
//	type stamper struct{ hook func(*egg.Ctx) }
//	// once: s.hook = s.stamp
//	func (s *stamper) handle(c *egg.Ctx, next func() error) error {
//		c.BeforeHeadersCtx(s.hook)
//		return next()
//	}
//
// Hooks of both kinds run in one list, the last added first.
func (c *Ctx) BeforeHeadersCtx(fn func(c *Ctx)) {
	if c.rw.headersSent() {
		c.lateHeader("BeforeHeaders", "")
		return
	}
	c.rw.before = append(c.rw.before, beforeHook{fc: fn})
}

// lateHeader warns, in local and unittest, about a header set too late.
func (c *Ctx) lateHeader(call, name string) {
	if env := c.app.env; env != "local" && env != "unittest" {
		return
	}
	msg := "response header set after the headers were sent: it is lost; set it before writing the response, or in c.BeforeHeaders"
	args := []any{c.reqAttr(), "call", call}
	if name != "" {
		args = append(args, "header", Clip(name))
	} else {
		msg = "BeforeHeaders hook added after the headers were sent: it never runs; add it before the response is written"
	}
	c.app.log.core.Warn(msg, args...)
}

// Status returns the status sent so far: 0 before anything is written.
func (c *Ctx) Status() int { return c.rw.status }

// Written reports whether the response status has been sent.
func (c *Ctx) Written() bool { return c.rw.written() }

// JSON sends v as JSON with the given status. The body has no trailing
// newline, as Egg's. If v cannot be encoded nothing is sent and the error
// is returned (a 500 through onerror).
func (c *Ctx) JSON(status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	c.w.Header()["Content-Type"] = contentTypeJSON
	c.w.WriteHeader(status)
	_, err = c.w.Write(b)
	return err
}

// Text sends s as text/plain with the given status.
func (c *Ctx) Text(status int, s string) error {
	c.w.Header()["Content-Type"] = contentTypeText
	c.w.WriteHeader(status)
	_, err := io.WriteString(c.w, s)
	return err
}

// HTML sends s as text/html with the given status. s is sent as it is:
// escape user data with Helper().Escape or html/template.
func (c *Ctx) HTML(status int, s string) error {
	c.w.Header()["Content-Type"] = contentTypeHTML
	c.w.WriteHeader(status)
	_, err := io.WriteString(c.w, s)
	return err
}

// Blob sends b with the given status and content type.
func (c *Ctx) Blob(status int, contentType string, b []byte) error {
	c.w.Header().Set("Content-Type", contentType)
	c.w.WriteHeader(status)
	_, err := c.w.Write(b)
	return err
}

// NoContent sends only a status, e.g. 204.
func (c *Ctx) NoContent(status int) error {
	c.w.WriteHeader(status)
	return nil
}

// Redirect sends a redirect to url with the given status (Egg's
// ctx.redirect uses 302: http.StatusFound; a status outside 3xx becomes
// 302). The app's RedirectGuard, if any, vets url first (the security
// module's keeps clients on the app's own hosts); without one the URL is
// sent as given.
func (c *Ctx) Redirect(status int, url string) error {
	if status < 300 || status > 399 {
		status = http.StatusFound
	}
	http.Redirect(c.w, c.req, c.guardRedirect(url), status)
	return nil
}
