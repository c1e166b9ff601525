package view

import (
	"fmt"
	"reflect"
	"runtime"
	"unicode"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

// Helper is a function every template can call, whatever its engine
// (Egg's view helpers and locals: ctx.helper, csrf, nonce, __). Any module
// contributes helpers with AddHelper; the view module gives templates the
// built-in pathFor and urlFor the same way.
//
// Most helpers are made with Func (a value of the request, such as a CSRF
// token), FuncArgs (a function of the request with arguments, such as a
// translation) or Static (a function that needs no request).
type Helper struct {
	// Name is the function's name in templates: a Go identifier
	// ("csrfToken", "__").
	Name string
	// Bind returns the function templates call. An engine calls Bind once
	// per Binding, then reuses the function for many renders, one at a
	// time, each with the Binding set to the render's request: the
	// function must read b.Ctx() each time it runs, never keep it. It may
	// return one value, or a value and an error (which stops the render).
	Bind func(b *Binding) any

	caller string
}

// Binding is the request an engine is rendering for. Engines keep one per
// reusable template instance (or one per render), Set it before a render
// and clear it after; helpers bound to it read it with Ctx.
type Binding struct{ c *egg.Ctx }

// Ctx returns the request being rendered, nil between renders.
func (b *Binding) Ctx() *egg.Ctx { return b.c }

// Set makes c the request being rendered (nil when the render is done).
// Only engines call it.
func (b *Binding) Set(c *egg.Ctx) { b.c = c }

// Func makes a helper that returns a value of the request, called in
// templates without arguments ({{ csrfToken }} in html/template,
// {{ csrfToken() }} in Jinja):
//
//	view.Func("csrfToken", security.CSRFToken) // func(*egg.Ctx) string
func Func[R any](name string, fn func(c *egg.Ctx) R) Helper {
	return Helper{Name: name, caller: callerLine(2), Bind: func(b *Binding) any {
		return func() R { return fn(b.c) }
	}}
}

// FuncArgs makes a helper of the request that takes a first argument and
// any more ({{ __ "Hello, %s" .Name }}, {{ __("Hello, %s", name) }}):
//
//	view.FuncArgs("__", i18n.T) // func(c *egg.Ctx, id string, args ...any) string
func FuncArgs[A, R any](name string, fn func(c *egg.Ctx, a A, args ...any) R) Helper {
	return Helper{Name: name, caller: callerLine(2), Bind: func(b *Binding) any {
		return func(a A, args ...any) R { return fn(b.c, a, args...) }
	}}
}

// Static makes a helper that needs no request: fn is any function a
// template may call (one result, or a result and an error):
//
//	view.Static("money", func(cents int) string { return fmt.Sprintf("$%d.%02d", cents/100, cents%100) })
func Static(name string, fn any) Helper {
	return Helper{Name: name, caller: callerLine(2), Bind: func(*Binding) any { return fn }}
}

// AddHelper contributes template helpers from any module: v is a Helper, a
// []Helper, or an fx constructor returning either (optionally with an
// error) when the helpers need the app's services:
//
//	var Module = egg.Module("security", ...,
//		view.AddHelper(view.Func("csrfToken", CSRFToken)),
//	)
//	view.AddHelper(func(b *i18n.Bundle) view.Helper { return view.FuncArgs("__", b.T) })
//
// Every template of every engine can then call it. Helpers are checked at
// start-up: a bad name, a duplicate or a Bind that returns no function
// fails start-up naming the helper and where it was added.
func AddHelper(v any) fx.Option {
	at := callerLine(2)
	switch h := v.(type) {
	case Helper:
		h = stamp(h, at)
		return fx.Provide(func() helperOut { return helperOut{Helper: h} })
	case []Helper:
		out := stampAll(h, at)
		return fx.Provide(func() helpersOut { return helpersOut{Helpers: out} })
	}
	t := reflect.TypeOf(v)
	if t == nil || t.Kind() != reflect.Func || reflect.ValueOf(v).IsNil() ||
		!(t.NumOut() == 1 || (t.NumOut() == 2 && t.Out(1) == reflect.TypeFor[error]())) {
		return fx.Error(fmt.Errorf("view: AddHelper(%T) at %s: pass a view.Helper, a []view.Helper, or a constructor returning one (optionally with an error)", v, at))
	}
	// The constructor runs once, at start-up: this reflection costs nothing
	// per request. The wrapper records where each helper was added.
	switch t.Out(0) {
	case reflect.TypeFor[Helper]():
		return fx.Provide(groupConstructor(v, func(r reflect.Value) helperOut {
			return helperOut{Helper: stamp(r.Interface().(Helper), at)}
		}))
	case reflect.TypeFor[[]Helper]():
		return fx.Provide(groupConstructor(v, func(r reflect.Value) helpersOut {
			return helpersOut{Helpers: stampAll(r.Interface().([]Helper), at)}
		}))
	}
	return fx.Error(fmt.Errorf("view: AddHelper(%T) at %s: the constructor must return a view.Helper or a []view.Helper (optionally with an error)", v, at))
}

// stampAll stamps a copy of hs.
func stampAll(hs []Helper, at string) []Helper {
	out := make([]Helper, len(hs))
	for i := range hs {
		out[i] = stamp(hs[i], at)
	}
	return out
}

// stamp records where a helper was added, unless Func, FuncArgs or Static
// already did.
func stamp(h Helper, at string) Helper {
	if h.caller == "" {
		h.caller = at
	}
	return h
}

// builtinHelpers are pathFor and urlFor, from the kernel's Helper: a
// route name, then key/value pairs ({{ pathFor "user" "id" 3 "tab" "x" }}
// is /users/3?tab=x). An odd number of pairs stops the render with an
// error; an unknown route name gives "" (Egg's pathFor).
func builtinHelpers() []Helper {
	return []Helper{
		{Name: "pathFor", caller: "modules/view (built in)", Bind: func(b *Binding) any {
			return func(name string, kv ...any) (string, error) {
				m, err := pairs("pathFor", kv)
				if err != nil {
					return "", err
				}
				return b.c.Helper().PathFor(name, m), nil
			}
		}},
		{Name: "urlFor", caller: "modules/view (built in)", Bind: func(b *Binding) any {
			return func(name string, kv ...any) (string, error) {
				m, err := pairs("urlFor", kv)
				if err != nil {
					return "", err
				}
				return b.c.Helper().URLFor(name, m), nil
			}
		}},
	}
}

// pairs turns template arguments "id", 3, "tab", "x" into a map.
func pairs(fn string, kv []any) (map[string]any, error) {
	if len(kv) == 0 {
		return nil, nil
	}
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("%s: after the route name give key/value pairs, e.g. %s \"user\" \"id\" 3; got %d arguments", fn, fn, len(kv))
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("%s: key %d is %T, not a string; give key/value pairs, e.g. %s \"user\" \"id\" 3", fn, i/2+1, kv[i], fn)
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// checkHelpers fails start-up on a helper that no engine can use: a bad or
// duplicate name, no Bind, or a Bind that gives no callable function.
func checkHelpers(hs []Helper) error {
	seen := map[string]Helper{}
	for _, h := range hs {
		where := h.caller
		if where == "" {
			where = "unknown place"
		}
		if !isIdent(h.Name) {
			return fmt.Errorf("view: helper %q (added at %s) needs a name that is a Go identifier, e.g. \"csrfToken\" or \"__\"", h.Name, where)
		}
		if prev, dup := seen[h.Name]; dup {
			return fmt.Errorf("view: helper %q is added twice, at %s and at %s; keep one or rename one", h.Name, prev.caller, where)
		}
		seen[h.Name] = h
		if h.Bind == nil {
			return fmt.Errorf("view: helper %q (added at %s) has no Bind; make it with view.Func, view.FuncArgs or view.Static", h.Name, where)
		}
		fn := h.Bind(&Binding{})
		t := reflect.TypeOf(fn)
		if t == nil || t.Kind() != reflect.Func || reflect.ValueOf(fn).IsNil() {
			return fmt.Errorf("view: helper %q (added at %s) is %T, not a function a template can call", h.Name, where, fn)
		}
		if !(t.NumOut() == 1 || (t.NumOut() == 2 && t.Out(1) == reflect.TypeFor[error]())) {
			return fmt.Errorf("view: helper %q (added at %s) is a %s; a template function returns one value, or a value and an error", h.Name, where, t)
		}
	}
	return nil
}

// isIdent reports whether s is a Go identifier, as template function
// names must be.
func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if r != '_' && !unicode.IsLetter(r) && (i == 0 || !unicode.IsDigit(r)) {
			return false
		}
	}
	return true
}

// callerLine is file:line of the caller skip frames up.
func callerLine(skip int) string {
	if _, file, line, ok := runtime.Caller(skip); ok {
		return fmt.Sprintf("%s:%d", file, line)
	}
	return "unknown place"
}
