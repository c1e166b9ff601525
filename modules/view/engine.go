package view

import (
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"reflect"
	"time"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

// Engine renders templates of one kind (Egg's view engine: ejs, nunjucks).
// The view module picks the engine by the template's file extension.
//
// Render writes template name (a slash path under the root, with its
// extension: "users/show.html") executed with data to w, for request c,
// whose helpers every template can call. A name the engine does not have
// gives an error wrapping ErrNotFound. Render is called from many
// goroutines at once.
type Engine interface {
	Render(w io.Writer, c *egg.Ctx, name string, data any) error
}

// EngineSpec offers an engine to the view module (Egg's view.use(name,
// Engine)). Register it with RegisterEngine.
type EngineSpec struct {
	// Name is the engine's name in Config.Mapping ("html", "gonja").
	Name string
	// Extensions are the file extensions it renders unless Config.Mapping
	// gives them to another engine (".njk", ".jinja").
	Extensions []string
	// New builds the engine when the app starts (its DidLoad phase). It
	// reads its templates from s.FS (with Reloader, so that reloading in
	// local works the same in every engine); with s.Reload off, an error
	// fails start-up.
	New func(s Setup) (Engine, error)
}

// Setup is what an engine is built from.
type Setup struct {
	// FS holds the templates; names are slash paths relative to it.
	FS fs.FS
	// Root says where FS is, for messages: "app/view (/srv/shop/app/view)".
	Root string
	// Extensions are the file extensions mapped to this engine; it reads
	// only these files.
	Extensions []string
	// Reload is Config.Cache off: re-read templates when files change.
	Reload bool
	// CheckInterval is Config.CheckInterval.
	CheckInterval time.Duration
	// Helpers are every helper templates may call: pathFor, urlFor and
	// those modules added with AddHelper.
	Helpers []Helper
	// Logger is the view module's logger.
	Logger *slog.Logger
}

// HelperNames returns the names of s.Helpers.
func (s Setup) HelperNames() []string {
	out := make([]string, len(s.Helpers))
	for i, h := range s.Helpers {
		out[i] = h.Name
	}
	return out
}

// Funcs binds every helper to b: name → the function templates call.
func (s Setup) Funcs(b *Binding) map[string]any {
	m := make(map[string]any, len(s.Helpers))
	for _, h := range s.Helpers {
		m[h.Name] = h.Bind(b)
	}
	return m
}

// RegisterEngine offers an engine to the view module: v is an EngineSpec,
// or an fx constructor returning one (optionally with an error), e.g. to
// read the engine's own config:
//
//	var Module = egg.Module("gonja", egg.Requires("view"),
//		egg.Config(DefaultConfig()),
//		view.RegisterEngine(func(cfg Config) view.EngineSpec { ... }),
//	)
func RegisterEngine(v any) fx.Option {
	at := callerLine(2)
	if spec, ok := v.(EngineSpec); ok {
		return fx.Provide(func() engineOut { return engineOut{Spec: spec} })
	}
	t := reflect.TypeOf(v)
	if t != nil && t.Kind() == reflect.Func && !reflect.ValueOf(v).IsNil() &&
		(t.NumOut() == 1 || (t.NumOut() == 2 && t.Out(1) == reflect.TypeFor[error]())) && t.Out(0) == reflect.TypeFor[EngineSpec]() {
		return fx.Provide(groupConstructor(v, func(r reflect.Value) engineOut { return engineOut{Spec: r.Interface().(EngineSpec)} }))
	}
	return fx.Error(fmt.Errorf("view: RegisterEngine(%T) at %s: pass a view.EngineSpec, or a constructor returning one (optionally with an error)", v, at))
}
