package egg

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/lmittmann/tint"
)

// LoggerConfig configures egg's loggers (module "egg").
type LoggerConfig struct {
	// Level is the lowest level written: debug, info, warn or error.
	// Default "": info, or warn in unittest. Env EGG_LOG (Egg's EGG_LOG).
	Level string `env:"EGG_LOG"`
	// Format is "text" (tint, coloured on a terminal) or "json".
	// Default "": text in local and unittest, json in every other env.
	// Env EGG_LOG_FORMAT.
	Format string `env:"EGG_LOG_FORMAT"`
}

// Validate checks the level and format names.
func (c *LoggerConfig) Validate() error {
	if _, err := parseLevel(c.Level); err != nil {
		return InvalidConfig("Level", "use debug, info, warn or error")
	}
	switch c.Format {
	case "", "text", "json":
		return nil
	}
	return InvalidConfig("Format", `use "text" or "json"`)
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if s == "" {
		return l, nil
	}
	err := l.UnmarshalText([]byte(strings.ToUpper(s)))
	return l, err
}

// newLoggers builds the app's loggers: egg's console handler (or the
// logger given with WithLogger), the handlers given with WithLogHandler,
// and the slot where LogHandler handlers go when the app starts.
func newLoggers(p *plan, cs *Configs) loggers {
	late := &lateHandlers{}
	if p.logHandlerDecls == 0 {
		late.attached.Store(true) // no egg.LogHandler: nothing to hold records for
	}
	var console *consoleSwitch
	var h slog.Handler
	if p.logger != nil {
		h = fanout{p.logger.Handler(), late.root()}
	} else {
		out := p.logOutput
		if out == nil {
			out = os.Stderr
		}
		console = &consoleSwitch{h: newConsoleHandler(*ConfigOf[LoggerConfig](cs), p.env, out)}
		console.on.Store(true)
		hs := append([]slog.Handler{console}, p.logHandlers...)
		h = fanout(append(hs, late.root()))
	}
	base := slog.New(h)
	return loggers{base: base, app: base.With("logger", "app"), core: base.With("logger", "egg"), console: console, late: late}
}

// newConsoleHandler builds the console handler for the env: tint for
// humans in local and unittest, JSON elsewhere.
func newConsoleHandler(cfg LoggerConfig, env string, out io.Writer) slog.Handler {
	level, err := parseLevel(cfg.Level)
	if err != nil || cfg.Level == "" {
		level = slog.LevelInfo
		if env == "unittest" {
			level = slog.LevelWarn
		}
	}
	format := cfg.Format
	if format == "" {
		format = "json"
		if env == "local" || env == "unittest" {
			format = "text"
		}
	}
	if format == "json" {
		return slog.NewJSONHandler(out, &slog.HandlerOptions{Level: level})
	}
	return tint.NewHandler(out, &tint.Options{Level: level, TimeFormat: time.TimeOnly, NoColor: !isTerminal(out)})
}

// consoleSwitch turns egg's console handler off and on (SetConsoleLog).
type consoleSwitch struct {
	h  slog.Handler
	on atomic.Bool
}

func (c *consoleSwitch) Enabled(ctx context.Context, l slog.Level) bool {
	return c.on.Load() && c.h.Enabled(ctx, l)
}

func (c *consoleSwitch) Handle(ctx context.Context, r slog.Record) error { return c.h.Handle(ctx, r) }

func (c *consoleSwitch) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &derivedSwitch{sw: c, h: c.h.WithAttrs(attrs)}
}

func (c *consoleSwitch) WithGroup(name string) slog.Handler {
	return &derivedSwitch{sw: c, h: c.h.WithGroup(name)}
}

// derivedSwitch is the console handler of a derived logger, still
// following the app's switch.
type derivedSwitch struct {
	sw *consoleSwitch
	h  slog.Handler
}

func (d *derivedSwitch) Enabled(ctx context.Context, l slog.Level) bool {
	return d.sw.on.Load() && d.h.Enabled(ctx, l)
}

func (d *derivedSwitch) Handle(ctx context.Context, r slog.Record) error { return d.h.Handle(ctx, r) }

func (d *derivedSwitch) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &derivedSwitch{sw: d.sw, h: d.h.WithAttrs(attrs)}
}

func (d *derivedSwitch) WithGroup(name string) slog.Handler {
	return &derivedSwitch{sw: d.sw, h: d.h.WithGroup(name)}
}

// isTerminal reports whether w is a character device (a terminal), so that
// colour is used only there.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// fanout sends each record to several handlers.
type fanout []slog.Handler

func (f fanout) Enabled(ctx context.Context, l slog.Level) bool {
	for _, h := range f {
		if h.Enabled(ctx, l) {
			return true
		}
	}
	return false
}

func (f fanout) Handle(ctx context.Context, r slog.Record) error {
	var errs []error
	for _, h := range f {
		if h.Enabled(ctx, r.Level) {
			if err := h.Handle(ctx, r.Clone()); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

func (f fanout) WithAttrs(attrs []slog.Attr) slog.Handler {
	out := make(fanout, len(f))
	for i, h := range f {
		out[i] = h.WithAttrs(attrs)
	}
	return out
}

func (f fanout) WithGroup(name string) slog.Handler {
	out := make(fanout, len(f))
	for i, h := range f {
		out[i] = h.WithGroup(name)
	}
	return out
}

// loggers holds the app's loggers.
type loggers struct {
	base    *slog.Logger
	app     *slog.Logger
	core    *slog.Logger
	console *consoleSwitch // nil with WithLogger
	late    *lateHandlers
}

// SetConsoleLog turns egg's console output off or on (Egg's
// disableConsole), for the app, core, ctx and component loggers alike;
// handlers added with WithLogHandler or LogHandler keep receiving every
// record. modules/logger turns the console off once the app is ready in
// production, when the lines go to files. It does nothing to a logger
// given with WithLogger: that logger belongs to the host.
func (a *App) SetConsoleLog(on bool) {
	if a.log.console != nil {
		a.log.console.on.Store(on)
	}
}

// Logger is the app logger (Egg's app.logger): for the application's own
// lines.
func (a *App) Logger() *slog.Logger { return a.log.app }

// CoreLogger is the framework's logger (Egg's app.coreLogger): egg and its
// modules write their own lines here.
func (a *App) CoreLogger() *slog.Logger { return a.log.core }

// LoggerFor returns a component logger whose lines carry
// logger=<component>, e.g. "controller.users" or "redis".
func (a *App) LoggerFor(component string) *slog.Logger {
	return a.log.base.With("logger", component)
}

func msSince(t time.Time) string {
	return fmt.Sprintf("%d ms", time.Since(t).Milliseconds())
}
