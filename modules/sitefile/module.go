package sitefile

import (
	"net/http"
	"slices"

	"github.com/egg-go/egg"
)

// Name is the module's name and its middleware's name: the key for
// egg.HTTPConfig.MiddlewareOptions and egg.Disable, and the prefix
// (SITEFILE_) of the config's environment variables.
const Name = "sitefile"

// Module is module "sitefile" (Egg's siteFile middleware): it declares
// Config, registers the middleware "sitefile" and appends it to
// egg.HTTPConfig.CoreMiddleware (Egg's order: meta, siteFile, ...). Files
// named by path are read at start-up; a missing one fails start-up. To
// serve /favicon.ico from a route of your own instead, ignore the path:
//
//	egg.Configure(func(c *egg.HTTPConfig) {
//		c.MiddlewareOptions = map[string]egg.MiddlewareOptions{
//			sitefile.Name: {Ignore: []egg.Matcher{egg.PathPrefix(sitefile.FaviconPath)}},
//		}
//	})
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

// newEggMiddleware reads the files relative to the app's base dir.
func newEggMiddleware(app *egg.App, cfg Config) (func(http.Handler) http.Handler, error) {
	m, err := New(cfg, app.BaseDir())
	if err != nil {
		return nil, err
	}
	return m.Handler, nil
}
