package overridemethod

import (
	"net/http"
	"slices"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/bodyparser"
	"go.uber.org/fx"
)

// Name is the module's name and its middleware's name: the key for
// egg.HTTPConfig.MiddlewareOptions and egg.Disable, and the prefix
// (OVERRIDEMETHOD_) of the config's environment variables.
const Name = "overridemethod"

// Module is module "overridemethod" (Egg's overrideMethod middleware): it
// declares Config, registers the middleware "overridemethod" and appends
// it to egg.HTTPConfig.CoreMiddleware. In Egg's order it runs after
// meta, siteFile, notfound and static, and before session and security,
// so the CSRF check sees the overridden method.
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

// deps are the middleware's dependencies: bodyparser's config when the
// app has the bodyparser module, for its form limit.
type deps struct {
	fx.In
	Config Config
	Body   bodyparser.Config `optional:"true"` // zero without bodyparser
}

func newEggMiddleware(d deps) (func(http.Handler) http.Handler, error) {
	cfg := d.Config
	if cfg.BodyLimit == 0 && d.Body.FormLimit > 0 {
		cfg.BodyLimit = d.Body.FormLimit
	}
	m, err := New(cfg)
	if err != nil {
		return nil, err
	}
	return m.Handler, nil
}
