package meta

import (
	"net/http"
	"slices"

	"github.com/egg-go/egg"
)

// Name is the module's name and its middleware's name: the key for
// egg.HTTPConfig.MiddlewareOptions and egg.Disable, and the prefix (META_)
// of the config's environment variables.
const Name = "meta"

// Module is module "meta" (Egg's meta middleware): it declares Config,
// registers the middleware "meta" and appends it to
// egg.HTTPConfig.CoreMiddleware. In Egg's order meta is the first core
// middleware, so that X-Readtime covers everything the others do: list
// this module before the other built-ins that add middleware.
var Module = egg.Module(Name,
	egg.Config(DefaultConfig()),
	egg.Middleware(Name, newEggMiddleware),
	egg.Configure(appendCore),
)

// appendCore appends the middleware to the core list, once.
func appendCore(c *egg.HTTPConfig) {
	if !slices.Contains(c.CoreMiddleware, Name) {
		c.CoreMiddleware = append(c.CoreMiddleware, Name)
	}
}

// newEggMiddleware builds the middleware for app and learns the idle
// timeout of egg's own server when it starts (an embedded app has none,
// and sends no Keep-Alive, as Egg without its server).
func newEggMiddleware(app *egg.App, cfg Config) func(http.Handler) http.Handler {
	m := New(cfg)
	app.OnServer(func(s *http.Server) {
		d := s.IdleTimeout
		if d == 0 {
			d = s.ReadTimeout // net/http's rule
		}
		m.SetIdleTimeout(d)
	})
	return m.Handler
}
