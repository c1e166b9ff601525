package egg

import (
	"io"
	"log/slog"
	"runtime"
	"strconv"
	"strings"
	"time"

	"go.uber.org/fx"
)

// node is an fx.Option that also carries metadata egg reads when it plans an
// app. Every egg option embeds a real fx.Option so that it can be passed
// wherever fx options go; egg.New, egg.Run and egg.Embed look inside it.
type node interface {
	fx.Option
	visit(w *walker)
}

// setting is an option that changes the plan itself (name, env, disabled
// modules, ...). Its fx.Option is a no-op.
type setting struct {
	fx.Option
	name  string
	apply func(p *plan)
}

func (s setting) visit(w *walker) { s.apply(w.plan) }
func (s setting) String() string  { return s.name }

func newSetting(name string, apply func(p *plan)) fx.Option {
	return setting{Option: fx.Options(), name: name, apply: apply}
}

// Name sets the application name (Egg's appInfo.name, from package.json).
// The default is the base name of the base directory.
func Name(name string) fx.Option {
	return newSetting("egg.Name("+name+")", func(p *plan) { p.name = name })
}

// Env sets the environment (Egg's serverEnv): local, unittest, prod or any
// other name. Without it the env comes from EGG_SERVER_ENV, then defaults to
// "local". egg.Run's --env flag and eggtest set it for you.
func Env(env string) fx.Option {
	return newSetting("egg.Env("+env+")", func(p *plan) { p.env = env })
}

// BaseDir sets the application's base directory (Egg's baseDir). The run/
// directory with the config dump lives under it. The default is the working
// directory.
func BaseDir(dir string) fx.Option {
	return newSetting("egg.BaseDir("+dir+")", func(p *plan) { p.baseDir = dir })
}

// Disable switches modules off by name, as Egg's `exports.security = false`
// in plugin.js does. A disabled module contributes nothing to the app; a
// module that requires it fails start-up with a message naming both.
func Disable(names ...string) fx.Option {
	return newSetting("egg.Disable("+strings.Join(names, ", ")+")", func(p *plan) {
		for _, n := range names {
			p.disabled[n] = true
		}
	})
}

// WithLogger makes egg log through the given logger instead of building its
// own (tint in local and unittest, JSON elsewhere). Use it when embedding
// egg in a service that already has a logger.
func WithLogger(l *slog.Logger) fx.Option {
	return newSetting("egg.WithLogger", func(p *plan) { p.logger = l })
}

// WithLogHandler adds a slog.Handler that receives every record egg's
// loggers write, beside the console handler (for files, a log shipper or a
// test recorder). It is ignored when WithLogger is given.
func WithLogHandler(h slog.Handler) fx.Option {
	return newSetting("egg.WithLogHandler", func(p *plan) { p.logHandlers = append(p.logHandlers, h) })
}

// LogOutput sets where egg's console handler writes. The default is
// os.Stderr. It is ignored when WithLogger is given.
func LogOutput(w io.Writer) fx.Option {
	return newSetting("egg.LogOutput", func(p *plan) { p.logOutput = w })
}

// WithServer makes the app listen on its configured address (ServerConfig)
// when it starts, and shut the server down gracefully when it stops.
// egg.Run adds it; egg.New and egg.Embed leave it out, so that a host
// program can mount App.Handler on a server of its own.
func WithServer() fx.Option {
	return newSetting("egg.WithServer", func(p *plan) { p.serve = true })
}

// StartTimeout bounds the whole start-up (the DidLoad, WillReady, DidReady
// and ServerDidReady phases). When it runs out, start fails naming the hook
// that is still running. The default is 30s.
func StartTimeout(d time.Duration) fx.Option {
	return newSetting("egg.StartTimeout("+d.String()+")", func(p *plan) { p.startTimeout = d })
}

// caller returns "file:line" of the user code that called an egg option
// constructor, skipping frames inside this package.
func caller() string {
	var s site
	runtime.Callers(2, s.pcs[:])
	return s.String()
}

// site is where user code called an egg option constructor, kept as
// program counters and turned into "file:line" only when an error or the
// config dump needs it: resolving file and line costs several times what
// recording the counters does, and each of the dozens of options an app
// is built from records one.
type site struct{ pcs [6]uintptr }

// callerSite records the caller of the egg option constructor that calls
// it, as caller does, for resolving later.
func callerSite() site {
	var s site
	runtime.Callers(2, s.pcs[:])
	return s
}

// String is "file:line" of the first frame outside this package.
func (s site) String() string {
	n := 0
	for n < len(s.pcs) && s.pcs[n] != 0 {
		n++
	}
	if n == 0 {
		return "unknown"
	}
	frames := runtime.CallersFrames(s.pcs[:n])
	for {
		f, more := frames.Next()
		if !strings.HasPrefix(f.Function, "github.com/egg-go/egg.") {
			return f.File + ":" + strconv.Itoa(f.Line)
		}
		if !more {
			return "unknown"
		}
	}
}
