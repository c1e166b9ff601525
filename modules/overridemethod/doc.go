// Package overridemethod is Egg's overrideMethod middleware: HTML forms
// can only send GET and POST, so a POST that carries `_method` in its
// urlencoded form body, or an `X-HTTP-Method-Override` header, is routed
// as that method. Only PUT, PATCH and DELETE can be asked for (in any
// case); anything else is refused with 400 and the code
// "invalid_method_override". Other methods than POST are never
// overridden: a GET can not become a DELETE, so the override never turns
// a safe request into an unsafe one, and the CSRF protection, which runs
// after it, sees the method the route will.
//
// As in Egg, the body field wins over the header. Reading the field does
// not use the body up: the bytes read are put back for Ctx.Bind. Only
// urlencoded bodies up to a limit (bodyparser's FormLimit by default) are
// read; a larger one is left alone, for Bind to refuse, and only the
// header counts. Multipart bodies are not read at all (they may be
// uploads of any size): for a multipart form use the header.
//
// Module registers the middleware "overridemethod" and appends it to
// egg.HTTPConfig.CoreMiddleware; in Egg's order it comes after static
// (and bodyParser, which in egg for Go is Ctx.Bind, not a middleware) and
// before session and security. New gives the same middleware for any
// net/http server.
package overridemethod
