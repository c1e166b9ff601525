package eggtest

import (
	"fmt"
	"log/slog"
	"path/filepath"
	"reflect"
	"strings"
	"sync"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
	"go.uber.org/fx/fxevent"
)

// Replace returns an option that makes fake the app's T: whatever the
// app provides as T (a constructor, a module's fx.Provide) is replaced,
// and every consumer of T gets fake instead. The original constructor is
// not called.
//
//	app := eggtest.New(t, modules.Default(), app.Module,
//		eggtest.Replace[service.Mailer](&fakeMailer{}),
//	)
//
// It exists because fx.Replace(fake) replaces by fake's own type: when the
// app provides an interface (Mailer) and fake is a *fakeMailer, fx.Replace
// replaces a type nobody provides, and the app keeps its real Mailer.
// Replace[T] replaces T whatever fake's concrete type.
//
// Under eggtest.New, a replacement that replaces nothing fails the test
// (see New). A nil fake for an interface T is an error at start.
func Replace[T any](fake T) fx.Option {
	t := reflect.TypeFor[T]()
	if t.Kind() != reflect.Interface {
		return fx.Replace(fake)
	}
	if any(fake) == nil {
		return fx.Error(fmt.Errorf("eggtest.Replace[%s]: the fake is nil; pass a value that implements %s", t, t))
	}
	return fx.Replace(fx.Annotate(fake, fx.As(new(T))))
}

// replacement is one root-level fx.Replace or fx.Decorate of the app, as
// fx reported it.
type replacement struct {
	kind  string // "fx.Replace" or "fx.Decorate"
	types []string
	run   string // the name of fx's Run event when it is applied
	at    string // where the option was written
	fromR bool   // made by eggtest.Replace
}

// fxEvents records what fx did while building the app, to find
// replacements that replaced nothing, and passes every event on to the
// app's core logger at debug level, as egg's own fx logger does.
type fxEvents struct {
	mu   sync.Mutex
	next fxevent.Logger
	reps []replacement
	runs map[string]int // Run events of replacements and decorations, by name
}

// LogEvent implements fxevent.Logger.
func (e *fxEvents) LogEvent(ev fxevent.Event) {
	e.mu.Lock()
	switch ev := ev.(type) {
	case *fxevent.Replaced:
		if ev.ModuleName == "" && ev.Err == nil && len(ev.OutputTypeNames) > 0 {
			e.reps = append(e.reps, replacement{kind: "fx.Replace", types: ev.OutputTypeNames,
				run: "stub(" + ev.OutputTypeNames[0] + ")", at: callSite(ev.StackTrace), fromR: fromReplace(ev.StackTrace)})
		}
	case *fxevent.Decorated:
		if ev.ModuleName == "" && ev.Err == nil {
			e.reps = append(e.reps, replacement{kind: "fx.Decorate", types: ev.OutputTypeNames,
				run: ev.DecoratorName, at: callSite(ev.StackTrace)})
		}
	case *fxevent.Run:
		if ev.ModuleName == "" && (ev.Kind == "replace" || ev.Kind == "decorate") {
			if e.runs == nil {
				e.runs = map[string]int{}
			}
			e.runs[ev.Name]++
		}
	}
	next := e.next
	e.mu.Unlock()
	if next != nil {
		next.LogEvent(ev)
	}
}

// logger is the fx.WithLogger constructor: fx's events go to e, and on to
// the app's core logger once egg has built it (or to fallback when the app
// could not be assembled).
func (e *fxEvents) logger(fallback *slog.Logger) any {
	return func(p struct {
		fx.In
		App *egg.App `optional:"true"`
	}) fxevent.Logger {
		l := fallback
		if p.App != nil {
			l = p.App.CoreLogger()
		}
		sl := &fxevent.SlogLogger{Logger: l}
		sl.UseLogLevel(slog.LevelDebug)
		sl.UseErrorLevel(slog.LevelDebug) // the error itself reaches the test
		e.mu.Lock()
		e.next = sl
		e.mu.Unlock()
		return e
	}
}

// unapplied returns an error naming every root-level replacement or
// decoration that fx never applied while building the app: nothing in the
// app provides its type, or nothing uses it, so the test runs with the
// real value, not the fake. Replacements of one type share fx's name, so
// they are counted.
func (e *fxEvents) unapplied() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	seen := map[string]int{}
	var msgs []string
	for _, r := range e.reps {
		seen[r.run]++
		if e.runs[r.run] >= seen[r.run] {
			continue
		}
		types := strings.Join(r.types, ", ")
		var b strings.Builder
		switch {
		case r.fromR:
			fmt.Fprintf(&b, "eggtest.Replace at %s (fake %s) replaced nothing: nothing in the app provides the type it replaces, or nothing uses it", r.at, types)
		case r.kind == "fx.Replace":
			fmt.Fprintf(&b, "fx.Replace of %s at %s replaced nothing: nothing in the app provides %s, or nothing uses it. "+
				"fx.Replace matches the fake's own type; to replace the provider of an interface, use eggtest.Replace[TheInterface](fake)", types, r.at, types)
		default:
			fmt.Fprintf(&b, "fx.Decorate of %s at %s decorated nothing: nothing in the app provides %s, or nothing uses it", types, r.at, types)
		}
		msgs = append(msgs, b.String())
	}
	if len(msgs) == 0 {
		return nil
	}
	return fmt.Errorf("eggtest: %s; the test would run with the real value. Remove the option, or add the module that provides the type",
		strings.Join(msgs, "; "))
}

// replacePrefix starts the function name of eggtest.Replace's frames.
const replacePrefix = "github.com/egg-go/egg/eggtest.Replace["

// callSite returns "file.go:line" of the first frame of an fx stack trace
// that is not eggtest.Replace: where the test wrote the option.
func callSite(stack []string) string {
	for _, f := range stack {
		if strings.HasPrefix(f, replacePrefix) {
			continue
		}
		if i := strings.LastIndex(f, " ("); i >= 0 && strings.HasSuffix(f, ")") {
			return filepath.Base(f[i+2 : len(f)-1]) // file.go:12, as go test reports lines
		}
		return f
	}
	return "an unknown place"
}

// fromReplace reports whether an fx stack trace starts in eggtest.Replace.
func fromReplace(stack []string) bool {
	return len(stack) > 0 && strings.HasPrefix(stack[0], replacePrefix)
}
