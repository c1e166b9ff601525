// Package sitefile is Egg's siteFile middleware: it answers GET and HEAD
// for /favicon.ico and other fixed site files (/robots.txt,
// /apple-touch-icon.png, ...) before routing, from bytes in memory, a
// file read once at start-up, or a redirect to a URL. Files are sent with
// Egg's Cache-Control, `public, max-age=2592000` (30 days).
//
// Browsers ask every site for /favicon.ico. Egg answers with its own
// logo; egg for Go, when no favicon is configured, answers 204 No Content:
// not a 404 that fills the logs with warnings, not someone else's icon.
//
// Module registers the middleware "sitefile" and appends it to
// egg.HTTPConfig.CoreMiddleware; in Egg's order it comes right after meta.
// New gives the same middleware for any net/http server.
package sitefile
