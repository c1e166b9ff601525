// Package cors is egg-cors for egg for Go: Cross-Origin Resource Sharing
// as an egg module (on github.com/rs/cors), so that web pages on other
// origins may call your API.
//
// # Allow your front-end
//
// Add the module and say which origins may call:
//
//	egg.Run(cors.Module, app.Module)
//
//	CORS_ALLOW_ORIGINS=https://app.example.com,https://admin.example.com ./server
//
// or in code, at the app layer:
//
//	egg.Configure(func(c *cors.Config) {
//		c.AllowOrigins = []string{"https://app.example.com"}
//	})
//
// Start-up fails until some origin is allowed: egg-cors's empty whitelist
// silently sends no headers, and the browser's "blocked by CORS policy"
// is all anyone sees.
//
// # Cookies and auth headers (credentials)
//
//	CORS_ALLOW_ORIGINS=https://app.example.com CORS_ALLOW_CREDENTIALS=true
//
// The answer then carries Access-Control-Allow-Origin with the caller's own
// origin (never "*") and Access-Control-Allow-Credentials: true. "*" with
// credentials fails start-up: it would let every website act with your
// users' cookies.
//
// # A public API
//
//	CORS_ALLOW_ORIGINS=*
//
// Every origin may read the answers, which carry a literal "*".
//
// # Decide at request time
//
// For preview deployments, tenants' custom domains and the like, let a
// function decide; origins listed in AllowOrigins are allowed as well:
//
//	egg.Configure(func(c *cors.Config) {
//		c.AllowOriginFunc = func(r *http.Request, origin string) bool {
//			return strings.HasSuffix(origin, ".preview.example.com")
//		}
//	})
//
// # Only for some paths
//
// The middleware is named "cors" and takes Egg's common options:
//
//	egg.Configure(func(c *egg.HTTPConfig) {
//		c.MiddlewareOptions = map[string]egg.MiddlewareOptions{
//			cors.Name: {Match: []egg.Matcher{egg.PathPrefix("/api")}},
//		}
//	})
//
// # Methods, headers, caching
//
// AllowMethods defaults to egg-cors's GET,HEAD,PUT,POST,DELETE,PATCH;
// AllowHeaders to "*" (whatever the browser asks for); ExposeHeaders lists
// response headers scripts may read; MaxAge ("10m") lets browsers skip
// repeated preflights. Every field, its default and its environment
// variable are documented on [Config].
//
// # What a refused request looks like
//
// A preflight from an origin that is not allowed, or asking for a method or
// header that is not allowed, gets 403 without CORS headers, with a short
// reason ("CORS preflight rejected: origin not allowed") and, under egg,
// the code "cors_rejected". A simple request from such an origin is served
// as usual, without CORS headers, so the browser keeps the answer from the
// page.
//
// # Without egg
//
// [New] is a plain constructor: wrap any http.Handler.
//
//	h := cors.New(cors.Config{
//		AllowOrigins: []string{"https://app.example.com"},
//		AllowMethods: []string{"GET", "POST"},
//	})(mux)
package cors
