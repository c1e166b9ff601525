// Package jsonp is module "jsonp", Egg.js's jsonp plugin for egg for Go:
// route middleware that answers a route's JSON as JSONP when the request
// names a callback, without changing the handler.
//
//	var Module = egg.Module("api", egg.Routes(func(r *egg.Router, j *jsonp.JSONP) {
//		r.With(j.Middleware()).Get("/api/users", listUsers) // listUsers calls c.JSON as usual
//	}))
//
// GET /api/users answers the handler's JSON; GET /api/users?callback=show
// (or ?_callback=show) answers Egg's format, as application/javascript:
//
//	/**/ typeof show === 'function' && show([{"id":1,"name":"ann"}]);
//
// A callback name must be 1-50 characters (Config.Limit) of letters,
// digits, _ . [ and ]; anything else is a 400, never echoed. Only JSON
// responses (application/json or +json) are wrapped, errors rendered as
// JSON included; text, HTML and a panic's error page pass unchanged.
//
// JSONP lets a page on any site read the answer with a <script> tag, so
// it is guarded: by default (Config.CSRF) a JSONP request must pass the
// security module's CSRF check as an unsafe request would — in origin mode
// the script must be loaded by a page of the app itself (a trusted origin,
// or a client that is no browser); in token mode the URL must carry the
// token (&_csrf=...). Config.WhiteList lets pages on partner sites load it,
// judged by the Referer's host. With CSRF off and no WhiteList every site
// may read the answers, and the module says so in the log at start-up.
package jsonp
