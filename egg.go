package egg

import (
	"context"
	"log/slog"
	"time"

	"go.uber.org/fx"
	"go.uber.org/fx/fxevent"
)

// Embed builds the egg app described by opts as one fx.Option, for a host
// program that owns its fx.App: egg's boot phases run inside the host's
// lifecycle, and egg never touches signals, flags or the process. Mount
// the app's handler (inject *egg.App, call Handler) on the host's router.
// Call Embed once per fx app.
func Embed(opts ...fx.Option) fx.Option {
	k, err := assemble(append([]fx.Option{newSetting("egg.Embed", func(p *plan) { p.embedded = true })}, opts...))
	if err != nil {
		return fx.Error(err)
	}
	return k.plan.fxOption(k)
}

// assemble reads the options, orders the modules and loads the configs.
func assemble(opts []fx.Option) (*kernel, error) {
	p := newPlan(opts)
	if err := p.err(); err != nil {
		return nil, err
	}
	cs, err := loadConfigs(p)
	if err != nil {
		return nil, err
	}
	return &kernel{plan: p, app: newApp(p, cs)}, nil
}

// Options is everything egg.New builds, as one fx.Option for fx.New or
// fxtest.New: Embed plus fx's own events on egg's core logger (at debug),
// the app logger as the *slog.Logger every constructor can take, and fx
// start/stop timeouts that leave egg's own in charge.
func Options(opts ...fx.Option) fx.Option {
	k, err := assemble(opts)
	if err != nil {
		return fx.Error(err)
	}
	p, cs, core := k.plan, k.app.configs, k.app.log.core
	return fx.Options(
		p.fxOption(k),
		fx.Provide(func(a *App) *slog.Logger { return a.Logger() }),
		fx.WithLogger(func() fxevent.Logger {
			l := &fxevent.SlogLogger{Logger: core}
			l.UseLogLevel(slog.LevelDebug)
			l.UseErrorLevel(slog.LevelDebug) // egg returns the error itself, with a clearer message
			return debugEvents{core, l}
		}),
		fx.StartTimeout(p.startTimeout+5*time.Second),
		fx.StopTimeout(ConfigOf[ServerConfig](cs).DrainTimeout+ConfigOf[ServerConfig](cs).ShutdownTimeout+30*time.Second),
	)
}

// New builds an app without touching the process: no signals, no flags, no
// os.Exit. Start and Stop it yourself, or serve App.Handler from a server
// of your own. egg.Run is the main() entry that does the rest.
func New(opts ...fx.Option) (*App, error) {
	var app *App
	fxApp := fx.New(Options(opts...), fx.Populate(&app))
	if err := fxApp.Err(); err != nil {
		return nil, cleanError(err)
	}
	app.stopper = fxApp
	return app, nil
}

// debugEvents passes fx's events on only while the core logger takes
// debug records: fx's slog logger builds each event's attributes (stack
// traces, type names) before the logger checks the level, which cost a
// boot of the default stack ≈0.5 ms and 0.4 MB for records nobody wrote.
type debugEvents struct {
	core *slog.Logger
	next fxevent.Logger
}

// LogEvent implements fxevent.Logger.
func (d debugEvents) LogEvent(ev fxevent.Event) {
	if d.core.Enabled(context.Background(), slog.LevelDebug) {
		d.next.LogEvent(ev)
	}
}
