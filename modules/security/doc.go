// Package security is module "security", Egg.js's egg-security for egg
// for Go, on by default in modules.Default(). It protects an app against
// cross-site request forgery, sets the browser security headers, keeps
// Ctx.Redirect on the app's own hosts, and refuses TRACE/TRACK and paths
// with ".." segments.
//
// # CSRF
//
// Middleware "csrf" has two modes (CSRFConfig.Mode).
//
// Origin mode, the default, is Go's http.CrossOriginProtection: a
// browser's unsafe request (anything but GET, HEAD, OPTIONS) must come
// from the app's own origin (Sec-Fetch-Site: same-origin or none; for
// browsers older than 2023, an Origin matching Host) or from one of
// TrustedOrigins; otherwise it is refused with 403 and code
// "cross_origin_request". Requests with neither Sec-Fetch-Site nor Origin
// are not from a browser page (curl, mobile apps, server-to-server calls)
// and pass: API clients need no token, the fix for the CSRF 403s that are
// Egg users' most frequent complaint. Pages need nothing either.
//
// Token mode is Egg's ctoken, for apps that want a token: any request
// without a valid csrfToken cookie gets one (signed with the app keys,
// AppConfig.Keys, so only the app can make one), and a POST, PATCH,
// DELETE, PUT or CONNECT must echo it in the x-csrf-token header, the
// _csrf query parameter or the _csrf field of an urlencoded or multipart
// form (403 with "missing_csrf_token" or "invalid_csrf_token" otherwise).
// Scripts read the cookie and send the header; templates use CSRFToken:
//
//	<input type="hidden" name="_csrf" value="{{.CSRF}}">   // data: security.CSRFToken(c)
//
// Reading a form field does not consume the body: Ctx.Bind and multipart
// readers still see all of it. RotateCSRFToken gives the client a new
// secret, e.g. after login. In tests, securitytest.CSRF lets a request
// through in either mode.
//
// Both modes honour the middleware options: to exempt webhooks,
//
//	egg.Configure(func(c *egg.HTTPConfig) {
//		c.MiddlewareOptions = map[string]egg.MiddlewareOptions{
//			"csrf": {Ignore: []egg.Matcher{egg.PathPrefix("/webhooks")}},
//		}
//	})
//
// # Headers
//
// Middleware "security" sets, on every response including errors:
// X-Frame-Options SAMEORIGIN, X-Content-Type-Options nosniff and
// X-Download-Options noopen; X-XSS-Protection, Referrer-Policy,
// Content-Security-Policy (with a fresh nonce per response, CSPNonce) and
// Strict-Transport-Security (HTTPS responses only) when configured. Each
// is a field of Config. A handler may still change or delete one for its
// own response. The same middleware answers TRACE and TRACK with 405 and a
// path with a ".." segment with 400.
//
// # Safe redirect
//
// The module provides the app's egg.RedirectGuard, so Ctx.Redirect (and
// Router.Redirect) send a client only to a path, the app's own host, or a
// host in DomainWhiteList; anything else ("//evil.com", "/\evil.com",
// "javascript:…", "http://evil.com") becomes "/", with a warning in the
// log. UnsafeRedirect is the explicit way around it. SafeRedirect and
// MatchDomain are the same rules for code outside egg.
package security
