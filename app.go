package egg

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-chi/chi/v5"
)

// AppConfig is the kernel's own config (module "egg").
type AppConfig struct {
	// Keys sign cookies (Egg's config.keys): the first key signs, every key
	// verifies, so keys can be rotated. Required for signed cookies.
	// Env EGG_KEYS, comma-separated. Masked in the config dump.
	Keys []string `env:"EGG_KEYS" secret:"true"`
	// RunDir receives application_config.json, application_config_meta.json
	// (written on start, right after the server listens) and
	// application_timing_<pid>.json (once started; only the latest
	// process's timing file is kept). Relative to the base dir.
	// Default "run". Env EGG_RUN_DIR.
	RunDir string `env:"EGG_RUN_DIR"`
	// DumpConfig writes those files on start. Default true for an app that
	// runs its own server (egg.Run, egg.WithServer) outside unittest; false
	// otherwise (tests, and a host embedding egg owns its working
	// directory). Env EGG_DUMP_CONFIG.
	DumpConfig bool `env:"EGG_DUMP_CONFIG"`
}

// App is one egg application (Egg's Application). It is injectable: any
// constructor may take *egg.App to reach the app's name, env, configs,
// loggers and events. It is also the app's http.Handler.
type App struct {
	name, env, baseDir string
	created            time.Time
	plan               *plan
	configs            *Configs
	log                loggers
	events             events

	// request path, fixed before start
	handler    http.Handler
	mux        *chi.Mux
	middleware []string
	http       HTTPConfig
	hosts      hostPolicy
	keys       [][]byte
	router     *Router
	scoped     []scopedService
	scopeCount int
	ctxPool    sync.Pool
	binder     Binder
	renderer   ErrorRenderer

	redirectGuard RedirectGuard // optional extension point, see redirect_guard.go

	boots     []bootEntry
	loaded    []bootEntry // boot objects whose DidLoad ran, for closing after a failed start
	started   atomic.Bool
	serving   atomic.Bool
	server    *http.Server
	serveDone chan struct{}
	addr      string
	srv       serverState // server.go: request ids, drain, body timeout

	timingMu sync.Mutex
	timings  []Timing

	stopper interface {
		Start(context.Context) error
		Stop(context.Context) error
	}
}

func newApp(p *plan, cs *Configs) *App {
	a := &App{name: p.name, env: p.env, baseDir: p.baseDir, created: time.Now(), plan: p, configs: cs}
	a.log = newLoggers(p, cs)
	a.router = newRouter(a)
	return a
}

// Name is the app name (Egg's appInfo.name).
func (a *App) Name() string { return a.name }

// Env is the app's env: local, unittest, prod or any other name.
func (a *App) Env() string { return a.env }

// BaseDir is the app's base directory.
func (a *App) BaseDir() string { return a.baseDir }

// Configs returns the app's module configs. Read one with egg.ConfigOf.
func (a *App) Configs() *Configs { return a.configs }

// Handler returns the app's http.Handler, to mount in a server of your own.
// It answers 503 until the app has started (its DidReady phase is done)
// and again once it stops.
func (a *App) Handler() http.Handler { return a }

// Router returns the app's router. Routes are usually added with
// egg.Routes; the router is readable at any time for its route table.
func (a *App) Router() *Router { return a.router }

// Start starts an app made by egg.New: it runs the DidLoad, WillReady,
// DidReady and ServerDidReady phases (and listens, with egg.WithServer).
func (a *App) Start(ctx context.Context) error {
	if a.stopper == nil {
		return errors.New("egg: App.Start works on apps made by egg.New; an embedded app starts with its host's fx app")
	}
	return cleanError(a.stopper.Start(ctx))
}

// Stop stops an app made by egg.New: graceful server shutdown, then the
// BeforeClose phase in reverse load order.
func (a *App) Stop(ctx context.Context) error {
	if a.stopper == nil {
		return errors.New("egg: App.Stop works on apps made by egg.New; an embedded app stops with its host's fx app")
	}
	return cleanError(a.stopper.Stop(ctx))
}

// start is the fx OnStart of the kernel.
func (a *App) start(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, a.plan.startTimeout)
	defer cancel()
	appCfg := ConfigOf[AppConfig](a.configs)
	// DidLoad one boot object at a time, so that a failure closes (in
	// BeforeClose) exactly those whose DidLoad succeeded
	for i := range a.boots {
		if err := a.callPhase(ctx, PhaseDidLoad, a.boots[i:i+1], phaseDidLoad); err != nil {
			return a.failStart(err)
		}
		a.loaded = a.boots[:i+1]
	}
	a.started.Store(true)
	for _, p := range []struct {
		name string
		fn   phaseHook
	}{{PhaseWillReady, phaseWillReady}, {PhaseDidReady, phaseDidReady}} {
		if err := a.callPhase(ctx, p.name, a.boots, p.fn); err != nil {
			return a.failStart(err)
		}
	}
	if a.plan.serve {
		a.serving.Store(true) // before the listener opens, so no accepted request gets 503
		if err := a.listen(); err != nil {
			return a.failStart(err)
		}
	}
	a.serving.Store(true)
	// the config dump is written once the server listens, so that a
	// client's first request need not wait for it (the listener answers
	// from its own goroutine meanwhile); a dump that fails still fails
	// the start
	if appCfg.DumpConfig {
		if err := a.dumpConfig(appCfg.RunDir); err != nil {
			return a.failStart(err)
		}
	}
	if err := a.callPhase(ctx, PhaseServerDidReady, a.boots, phaseServerDidReady); err != nil {
		return a.failStart(err)
	}
	if a.plan.serve {
		addr := displayAddr(a.addr, ConfigOf[ServerConfig](a.configs).Host)
		a.log.core.Info(fmt.Sprintf("egg started on %s://%s (%s)", a.scheme(), addr, msSince(a.created)), "env", a.env)
	} else {
		a.log.core.Info(fmt.Sprintf("egg ready (%s); serving through App.Handler", msSince(a.created)), "env", a.env)
	}
	if w := a.hosts.hostWarning(a.env); w != "" {
		a.log.core.Warn(w, "env", a.env)
	}
	if appCfg.DumpConfig {
		if err := writeTimings(a.runDir(appCfg.RunDir), os.Getpid(), a.Timings()); err != nil {
			a.log.core.Warn("cannot write boot timings", "err", err)
		}
	}
	return nil
}

// failStart closes what already started, then returns the start error.
func (a *App) failStart(err error) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if cerr := a.stop(ctx); cerr != nil {
		a.log.core.Error("closing after a failed start", "err", cerr)
	}
	return err
}

// stop is the fx OnStop of the kernel.
func (a *App) stop(ctx context.Context) error {
	var errs []error
	if err := a.shutdown(ctx); err != nil {
		errs = append(errs, err)
	}
	a.serving.Store(false)
	for i := len(a.loaded) - 1; i >= 0; i-- {
		if err := a.callPhase(context.WithoutCancel(ctx), PhaseBeforeClose, a.loaded[i:i+1], phaseBeforeClose); err != nil {
			a.log.core.Error("BeforeClose failed", "err", err)
			errs = append(errs, err)
		}
	}
	a.loaded = nil
	if len(errs) == 0 {
		a.log.core.Info("egg stopped", "app", a.name)
	}
	return errors.Join(errs...)
}

func (a *App) runDir(dir string) string {
	if filepath.IsAbs(dir) {
		return dir
	}
	return filepath.Join(a.baseDir, dir)
}

func (a *App) dumpConfig(dir string) error {
	var info orderedObject
	info.set("name", a.name)
	info.set("env", a.env)
	info.set("baseDir", a.baseDir)
	var out orderedObject
	out.set("appInfo", info)
	out.set("config", a.configs.dump())
	d := a.runDir(dir)
	if err := writeJSON(d, "application_config.json", out); err != nil {
		return err
	}
	return writeJSON(d, "application_config_meta.json", a.configs.dumpMeta())
}

// ExplainError shortens an error from fx.New, Start or Stop of an app built
// with egg.Options or egg.Embed (fxtest's too) to one line naming the
// culprit: egg's own message, the type nothing provides, or the
// constructor that failed. The full fx/dig chain stays reachable with
// errors.Unwrap. egg.New and App.Start/Stop already return such errors.
func ExplainError(err error) error { return cleanError(err) }

// cleanError shortens fx/dig wrapping to the part that names the culprit.
func cleanError(err error) error {
	if err == nil {
		return nil
	}
	var he *HookError
	if errors.As(err, &he) {
		return he
	}
	var ce *ConfigFieldError
	if errors.As(err, &ce) {
		return ce
	}
	msg := err.Error()
	if i := strings.LastIndex(msg, "egg: "); i > 0 {
		return &wiringError{msg: msg[i:], err: err}
	}
	if m := missingType().FindStringSubmatch(msg); m != nil {
		return &wiringError{err: err, msg: fmt.Sprintf("egg: nothing provides %s, which %s (%s) needs; "+
			"add the module that provides it, or fx.Provide a constructor", m[3], strings.ReplaceAll(m[1], `"`, ""), m[2])}
	}
	if m := ctorFailed().FindStringSubmatch(msg); m != nil {
		return &wiringError{err: err, msg: fmt.Sprintf("egg: constructor %s (%s) failed: %s", strings.ReplaceAll(m[1], `"`, ""), m[2], m[3])}
	}
	return err
}

var (
	// compiled on the first error, not at every process start
	missingType = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`missing dependencies for function (\S+) \(([^)]*)\): missing types?: ([^;]+)`)
	})
	ctorFailed = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`received non-nil error from function (\S+) \(([^)]*)\): (.*)$`)
	})
)

// wiringError is a start-up error shortened to the line that names the
// culprit; the full fx/dig chain stays reachable with errors.Unwrap.
type wiringError struct {
	msg string
	err error
}

func (e *wiringError) Error() string { return e.msg }
func (e *wiringError) Unwrap() error { return e.err }
