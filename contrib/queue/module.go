package queue

import (
	"context"
	"fmt"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/health"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"go.uber.org/fx"
)

// Module is module "queue" (Egg's egg-bull) on River: jobs registered by
// any module with Register, inserted with Insert or *Client, worked by
// every instance that shares the database. It connects (and, with
// AutoMigrate, migrates) in WillReady, starts working jobs in
// ServerDidReady, and stops in BeforeClose, letting running jobs finish
// up to egg.ServerConfig.ShutdownTimeout. It registers readiness check
// "queue" with modules/health. Config: Config, env prefix QUEUE_.
var Module = egg.Module("queue",
	egg.Config(DefaultConfig()),
	egg.ConfigureEnv("local", func(c *Config) { c.AutoMigrate = true }),
	egg.ConfigureEnv("unittest", func(c *Config) { c.AutoMigrate = true }),
	fx.Provide(newClient),
	egg.Scoped[clientRef](func(cl *Client) func(*egg.Ctx) clientRef {
		ref := clientRef{cl}
		return func(*egg.Ctx) clientRef { return ref }
	}),
	health.Register(func(cl *Client) health.Check { return health.Check{Name: "queue", Func: cl.Ping} }),
	egg.Boot(newBoot),
)

type params struct {
	fx.In
	App     *egg.App
	Config  Config
	Server  egg.ServerConfig
	HTTP    egg.HTTPConfig
	Workers []Worker `group:"queue.workers"`
	// OnJob and RiverMiddleware (events.go)
	Hooks      []func(JobEvent)       `group:"queue.job.hooks"`
	Middleware []rivertype.Middleware `group:"queue.river.middleware"`
}

func newClient(p params) (*Client, error) {
	cl := &Client{
		cfg:     p.Config,
		log:     p.App.LoggerFor("queue"),
		workers: make(map[string]Worker, len(p.Workers)),
		stopFor: p.Server.ShutdownTimeout,
	}
	cl.run = &runner{app: p.App, log: cl.log, idHeader: p.HTTP.RequestIDHeader, hooks: p.Hooks, middleware: p.Middleware}
	for _, w := range p.Workers {
		if _, dup := cl.workers[w.kind]; dup {
			return nil, fmt.Errorf("queue: two workers are registered for job kind %q; keep one, or give one args type another Kind()", w.kind)
		}
		cl.workers[w.kind] = w
	}
	return cl, nil
}

// boot ties the client to the app's lifecycle.
type boot struct {
	cl      *Client
	baseDir string
	opened  bool
}

func newBoot(cl *Client, app *egg.App) *boot { return &boot{cl: cl, baseDir: app.BaseDir()} }

// WillReady connects and, with AutoMigrate, migrates.
func (b *boot) WillReady(ctx context.Context) error {
	if err := b.cl.open(ctx, b.baseDir); err != nil {
		return err
	}
	b.opened = true
	if b.cl.cfg.AutoMigrate {
		return b.cl.migrate(ctx)
	}
	return nil
}

// ServerDidReady starts working jobs, once the app is ready.
func (b *boot) ServerDidReady(ctx context.Context) error { return b.cl.start(ctx) }

// BeforeClose stops working jobs (Client.Stop).
func (b *boot) BeforeClose(ctx context.Context) error {
	if !b.opened {
		return nil
	}
	return b.cl.Stop(ctx)
}

// Of returns the app's queue client from any Ctx of the app. It panics
// when the app lacks Module (a wiring mistake that tests catch).
func Of(c *egg.Ctx) *Client { return egg.Use[clientRef](c).cl }

// clientRef lets any Ctx reach the singleton client (Of).
type clientRef struct{ cl *Client }

// Insert enqueues a job from a handler or a job (Client.Insert).
func Insert(c *egg.Ctx, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error) {
	return Of(c).Insert(c, args, opts)
}
