// Package meta is Egg's meta middleware: every response carries
// X-Readtime, the milliseconds egg spent on the request (an integer, as
// Egg's `Date.now() - ctx.starttime`), and HTTP/1.x keep-alive responses
// of egg's own server say how long an idle connection stays open
// (`Keep-Alive: timeout=N`, which Node's server, and so Egg, sends).
//
// Unlike Egg, whose header is set after the middleware chain returns and
// so is missing when a request fails, X-Readtime is set at the moment the
// response headers go out: error pages, 404s and panics rendered as 500
// carry it too.
//
// Module registers the middleware "meta" and appends it to
// egg.HTTPConfig.CoreMiddleware; in Egg's order it is the first core
// middleware (only egg-cors goes before it). New gives the same middleware
// for any net/http server.
package meta
