package health

import (
	"context"
	"net/http"
	"slices"
	"sync/atomic"
	"time"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

// Name is the module's name and its middleware's name: the key for
// egg.HTTPConfig.MiddlewareOptions and egg.Disable, and the prefix
// (HEALTH_) of the config's environment variables.
const Name = "health"

// Module is module "health": GET /healthz (liveness) and GET /readyz
// (readiness) for Kubernetes probes and load balancers. It declares
// Config, registers the "health" middleware and puts it first in
// egg.HTTPConfig.CoreMiddleware, so probes never reach the other
// middleware (sessions, CSRF, body parsing) nor the router, and
// their Host header is not checked against egg.HostConfig.AllowedHosts.
//
// Readiness is 503 until the ServerDidReady phase reaches this module
// (the server listens), 503 as soon as a graceful stop begins — then the
// server keeps serving for Config.DrainDelay so balancers notice, before
// egg's drain window and shutdown — and 503 while any readiness check
// (Register) fails. Liveness is 200 while the process serves.
var Module = egg.Module(Name,
	egg.Config(DefaultConfig()),
	egg.ConfigureEnv("local", devDefaults),
	egg.ConfigureEnv("unittest", devDefaults),
	fx.Provide(newProbes),
	egg.Middleware(Name, func(p *Probes) func(http.Handler) http.Handler { return p.Middleware }),
	egg.Configure(prependCore),
	egg.Boot(func(p *Probes) *boot { return &boot{p} }),
)

// devDefaults: no drain delay and error texts shown, where nothing
// balances and the body is read by the developer.
func devDefaults(c *Config) {
	c.DrainDelay = 0
	c.ShowErrors = true
}

// prependCore puts the middleware first in the core list, unless a
// module before this one already placed it.
func prependCore(c *egg.HTTPConfig) {
	if !slices.Contains(c.CoreMiddleware, Name) {
		// Probes come from balancers and kubelets that name the pod's IP,
		// not a public host: health runs before the kernel's host check.
		c.CoreMiddleware = append([]string{Name, egg.MiddlewareHosts}, c.CoreMiddleware...)
	}
}

// Probes answers the liveness and readiness probes. Module provides it;
// inject it to read Ready.
type Probes struct {
	app     *egg.App
	cfg     Config
	checks  *checker
	started time.Time
	ready   atomic.Bool // the ServerDidReady phase reached this module
}

type probeParams struct {
	fx.In
	App    *egg.App
	Config Config
	Checks []Check `group:"health.checks"`
}

func newProbes(p probeParams) (*Probes, error) {
	log := p.App.LoggerFor(Name)
	ch, err := newChecker(p.Checks, p.Config, log)
	if err != nil {
		return nil, err
	}
	pr := &Probes{app: p.App, cfg: p.Config, checks: ch, started: time.Now()}
	p.App.OnDrain(pr.drainDelay)
	return pr, nil
}

// drainDelay runs when a stop begins (readiness is already 503): the
// server keeps serving for DrainDelay before egg drains and shuts it
// down. An app without a server of its own (egg.Embed) has no listener
// to keep open here, so it does not wait.
func (p *Probes) drainDelay() {
	if p.cfg.DrainDelay <= 0 || p.app.Addr() == "" {
		return
	}
	p.app.CoreLogger().Info("health: readiness answers 503; serving on while balancers notice",
		"delay", p.cfg.DrainDelay, "setting", "HEALTH_DRAIN_DELAY")
	time.Sleep(p.cfg.DrainDelay)
}

// Ready reports what the readiness probe would answer now, with each
// check's result: false before ServerDidReady, while the app drains, and
// while a check fails.
func (p *Probes) Ready(ctx context.Context) (bool, []CheckResult) {
	st, rep := p.readiness(ctx)
	return st == statusReady, rep.results
}

// boot marks the app ready and closes the checks.
type boot struct{ p *Probes }

// ServerDidReady runs once the server listens: readiness may pass.
func (b *boot) ServerDidReady(context.Context) error {
	b.p.ready.Store(true)
	return nil
}

// BeforeClose cancels the context of readiness checks still running.
func (b *boot) BeforeClose(context.Context) error {
	b.p.ready.Store(false)
	b.p.checks.close()
	return nil
}

// probeKey marks a probe request in its egg.Ctx (Ctx.Set).
type probeKey struct{}

// IsProbe reports whether the request was a liveness or readiness
// probe this module answered. An access log (an egg.App.OnResponse
// listener) skips such requests with it, so probes every few seconds do
// not drown the requests that matter.
func IsProbe(c *egg.Ctx) bool {
	v, _ := c.Get(probeKey{})
	b, _ := v.(bool)
	return b
}
