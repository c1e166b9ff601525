package prometheus

import (
	"context"
	"fmt"
	"net/http"
	"slices"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/httpclient"
	"github.com/egg-go/egg/modules/schedule"
	prom "github.com/prometheus/client_golang/prometheus"
	"go.uber.org/fx"
)

// Name is the module's name and its middleware's name: the key for
// egg.HTTPConfig.MiddlewareOptions and egg.Disable, and the prefix
// (PROMETHEUS_) of the config's environment variables.
const Name = "prometheus"

// Module is the prometheus module (egg-prometheus and egg-exporter). It
// declares Config, provides *Metrics and the app's *prometheus.Registry,
// registers the "prometheus" middleware first in
// egg.HTTPConfig.CoreMiddleware (so it times every request and answers
// /metrics before CSRF, sessions or the app's middleware), records
// schedule runs when the schedule module is present and httpclient calls
// when the httpclient module is, and registers the collectors of
// CollectorsGroup while the app runs.
//
// Egg's options apply to the middleware, e.g. to leave health checks out
// of the HTTP metrics:
//
//	egg.Configure(func(c *egg.HTTPConfig) {
//		c.MiddlewareOptions = map[string]egg.MiddlewareOptions{
//			prometheus.Name: {Ignore: []egg.Matcher{egg.PathPrefix("/healthz")}},
//		}
//	})
var Module = egg.Module(Name,
	egg.Config(DefaultConfig()),
	fx.Provide(newForApp, (*Metrics).Registry),
	egg.Middleware(Name, func(m *Metrics) func(http.Handler) http.Handler { return m.Middleware }),
	egg.Configure(putFirst),
	egg.Boot(newBoot),
	schedule.OnRun(func(m *Metrics) func(schedule.RunEvent) { return m.ObserveRun }),
	fx.Invoke(observeClient),
)

// putFirst puts the middleware first in the core list, unless a module
// before this one already placed it.
func putFirst(c *egg.HTTPConfig) {
	if !slices.Contains(c.CoreMiddleware, Name) {
		c.CoreMiddleware = append([]string{Name}, c.CoreMiddleware...)
	}
}

// newForApp is New with the module's logger.
func newForApp(cfg Config, app *egg.App) (*Metrics, error) {
	return New(cfg, app.LoggerFor(Name))
}

type clientParams struct {
	fx.In
	Metrics *Metrics
	Client  *httpclient.Client `optional:"true"`
}

// observeClient records the calls of the app's httpclient, if it has one.
func observeClient(p clientParams) {
	if p.Client != nil {
		p.Client.OnCall(p.Metrics.ObserveCall)
	}
}

// boot registers the group's collectors and runs the separate listener
// while the app runs.
type boot struct {
	m          *Metrics
	app        *egg.App
	collectors []prom.Collector
	registered []prom.Collector
	shadows    bool // the middleware answers Path on the app port for every request
}

type bootParams struct {
	fx.In
	Metrics    *Metrics
	App        *egg.App
	HTTP       egg.HTTPConfig
	Collectors []prom.Collector `group:"prometheus.collectors"`
}

func newBoot(p bootParams) *boot {
	o := p.HTTP.MiddlewareOptions[Name]
	return &boot{m: p.Metrics, app: p.App, collectors: p.Collectors,
		shadows: p.Metrics.cfg.Addr == "" && !o.Disable && len(o.Match) == 0 && len(o.Ignore) == 0}
}

// DidLoad takes the route table (for route names), refuses a route the
// metrics would hide, and registers the collectors of CollectorsGroup.
func (b *boot) DidLoad(context.Context) error {
	routes := b.app.Routes()
	if b.shadows {
		for _, ri := range routes {
			if b.m.isPath(ri.Pattern) && (ri.Method == http.MethodGet || ri.Method == http.MethodHead || ri.Method == "ANY") {
				return fmt.Errorf("route %s %s (%s) would never run: the prometheus middleware answers GET %s with the metrics first; "+
					"move the metrics (e.g. PROMETHEUS_PATH=/internal/metrics, or PROMETHEUS_ADDR=127.0.0.1:9464) or the route",
					ri.Method, ri.Pattern, ri.Handler, b.m.cfg.Path)
			}
		}
	}
	b.m.http.useRoutes(routes)
	for _, c := range b.collectors {
		if isNil(c) {
			b.unregister()
			return fmt.Errorf("a constructor in group %q returned a nil collector; return a prometheus.Collector", CollectorsGroup)
		}
		if err := b.m.reg.Register(c); err != nil {
			b.unregister()
			return fmt.Errorf("cannot register collector %T (group %q): %w; "+
				"give its metrics names no other collector uses, or provide it once", c, CollectorsGroup, err)
		}
		b.registered = append(b.registered, c)
	}
	if b.m.cfg.Addr == "" && b.app.Env() == "prod" {
		b.m.log.Info("metrics are served on the app port; set PROMETHEUS_ADDR (e.g. 127.0.0.1:9464) to serve them on a listener of their own",
			"path", b.m.cfg.Path)
	}
	return nil
}

// WillReady opens the metrics listener when Config.Addr is set.
func (b *boot) WillReady(context.Context) error {
	if b.m.cfg.Addr == "" {
		return nil
	}
	return b.m.listen()
}

// BeforeClose closes the metrics listener and unregisters the group's
// collectors.
func (b *boot) BeforeClose(ctx context.Context) error {
	addr := b.m.Addr()
	err := b.m.shutdown(ctx)
	b.unregister()
	if err != nil {
		return fmt.Errorf("closing the metrics listener on %s: %w", addr, err)
	}
	return nil
}

func (b *boot) unregister() {
	for _, c := range b.registered {
		b.m.reg.Unregister(c)
	}
	b.registered = nil
}
