package egg

import (
	"slices"

	"go.uber.org/fx"
)

// MiddlewareOption is one of Egg's common middleware options (match,
// ignore, enable), for UseMiddleware and HTTPConfig.Use.
type MiddlewareOption func(*MiddlewareOptions)

// Match runs the middleware only for requests whose path starts with one
// of the prefixes (Egg's `match: '/api'`; "/api" matches "/api" and
// "/api/users", not "/apis"). Several Match options add up.
func Match(prefixes ...string) MiddlewareOption {
	if len(prefixes) == 0 {
		return func(*MiddlewareOptions) {}
	}
	return MatchFunc(PathPrefix(prefixes...))
}

// Ignore skips the middleware for requests whose path starts with one of
// the prefixes (Egg's `ignore`).
func Ignore(prefixes ...string) MiddlewareOption {
	if len(prefixes) == 0 {
		return func(*MiddlewareOptions) {}
	}
	return IgnoreFunc(PathPrefix(prefixes...))
}

// MatchFunc runs the middleware only for requests any matcher accepts:
// PathRegexp, or any func(*http.Request) bool (Egg's RegExp and function
// forms of match).
func MatchFunc(ms ...Matcher) MiddlewareOption {
	return func(o *MiddlewareOptions) { o.Match = append(o.Match, ms...) }
}

// IgnoreFunc skips the middleware for requests any matcher accepts.
func IgnoreFunc(ms ...Matcher) MiddlewareOption {
	return func(o *MiddlewareOptions) { o.Ignore = append(o.Ignore, ms...) }
}

// Enable switches the middleware on or off (Egg's `enable`); Use switches
// it on unless given Enable(false).
func Enable(on bool) MiddlewareOption {
	return func(o *MiddlewareOptions) { o.Disable = !on }
}

// Use turns on the named middleware with Egg's options in one call: it
// appends name to Middleware unless CoreMiddleware or Middleware already
// lists it, switches it on (unless Enable(false) says otherwise) and adds
// the Match and Ignore matchers to MiddlewareOptions[name]. Setting both
// Match and Ignore fails validation, as in Egg.
//
//	egg.Configure(func(c *egg.HTTPConfig) {
//		c.Use("auth", egg.Match("/api"))
//		c.Use("gzip", egg.Ignore("/stream"))
//	})
func (c *HTTPConfig) Use(name string, opts ...MiddlewareOption) {
	if !slices.Contains(c.CoreMiddleware, name) && !slices.Contains(c.Middleware, name) {
		c.Middleware = append(c.Middleware, name)
	}
	if c.MiddlewareOptions == nil {
		c.MiddlewareOptions = map[string]MiddlewareOptions{}
	}
	o := c.MiddlewareOptions[name]
	o.Disable = false
	for _, opt := range opts {
		opt(&o)
	}
	c.MiddlewareOptions[name] = o
}

// UseMiddleware is HTTPConfig.Use as an option of its own: one line in the
// app (or a framework) turns on a named middleware with its options.
//
//	egg.UseMiddleware("auth", egg.Match("/api"))
//	egg.UseMiddleware("timing")
//
// Like Configure, where it is written decides its layer; for one env,
// call c.Use inside egg.ConfigureEnv.
func UseMiddleware(name string, opts ...MiddlewareOption) fx.Option {
	return Configure(func(c *HTTPConfig) { c.Use(name, opts...) })
}
