package egg

import (
	"fmt"
	"reflect"
	"strings"

	"go.uber.org/fx"
)

// Service is the handle of a request-scoped service of type T (Egg's
// ctx.service.x): built on first use in a request, then the same instance
// for the rest of that request. Inject *egg.Service[T] into a controller
// and call Get; or call egg.Use[T](c) anywhere a Ctx is at hand.
//
// Get costs an index into the request's scope and a type assertion: no map,
// no lock, no reflection.
type Service[T any] struct {
	idx     int
	name    string
	factory func(*Ctx) T
}

// scopedService is what every Service[T] registers with the app.
type scopedService interface{ serviceName() string }

func (s *Service[T]) serviceName() string { return s.name }

// scopeBuilding marks a scope slot whose service is being built, to catch
// cycles.
type scopeBuilding struct{}

// Get returns the request's instance of T, building it on first use.
func (s *Service[T]) Get(c *Ctx) T {
	if s.idx < len(c.scope) {
		if v, ok := c.scope[s.idx].(T); ok {
			return v
		}
	}
	return s.build(c)
}

func (s *Service[T]) build(c *Ctx) T {
	if len(c.scope) == 0 {
		if cap(c.scope) >= len(c.app.scoped) {
			c.scope = c.scope[:len(c.app.scoped)]
		} else {
			c.scope = make([]any, len(c.app.scoped))
		}
	}
	if _, busy := c.scope[s.idx].(scopeBuilding); busy {
		chain := append(c.scopeStack, s.name)
		panic(fmt.Sprintf("egg: request-scoped services depend on each other in a cycle: %s; break it by passing a value instead of calling Get/Use",
			strings.Join(chain, " → ")))
	}
	c.scope[s.idx] = scopeBuilding{}
	c.scopeStack = append(c.scopeStack, s.name)
	v := s.factory(c)
	c.scopeStack = c.scopeStack[:len(c.scopeStack)-1]
	c.scope[s.idx] = v
	return v
}

// Use returns the request's instance of the scoped service T (Egg's
// ctx.service.x). It finds T's handle by a type assertion per registered
// service; inject *egg.Service[T] instead where every nanosecond counts.
// It panics, naming T, when T was never registered with egg.Scoped: a
// wiring mistake that tests catch.
func Use[T any](c *Ctx) T {
	for _, s := range c.app.scoped {
		if h, ok := s.(*Service[T]); ok {
			return h.Get(c)
		}
	}
	panic(fmt.Sprintf("egg: Use[%s]: no request-scoped service of this type; register it with egg.Scoped[%s](constructor)",
		reflect.TypeFor[T](), reflect.TypeFor[T]()))
}

type scopedNode[T any] struct {
	fx.Option
	ctor   any
	caller site
}

// Scoped registers a request-scoped service of type T. ctor is a singleton
// factory: an fx constructor that receives T's singleton dependencies and
// returns func(*egg.Ctx) T (or that function itself, with no
// dependencies). fx resolves it once at start-up; the function runs once
// per request that uses T, and may use other scoped services through c.
//
//	func NewUserService(store *Store) func(*egg.Ctx) *UserService {
//		return func(c *egg.Ctx) *UserService { return &UserService{store: store, c: c} }
//	}
//	egg.Scoped[*UserService](NewUserService)
//
// A singleton constructor that asks fx for T itself fails start-up with a
// message pointing to *egg.Service[T].
func Scoped[T any](ctor any) fx.Option {
	return scopedNode[T]{Option: fx.Options(), ctor: ctor, caller: callerSite()}
}

func (n scopedNode[T]) String() string { return fmt.Sprintf("egg.Scoped[%s]", reflect.TypeFor[T]()) }

func (n scopedNode[T]) visit(w *walker) {
	tname := reflect.TypeFor[T]().String()
	want := reflect.TypeFor[func(*Ctx) T]()
	ct := reflect.TypeOf(n.ctor)
	owner := w.owner()
	switch {
	case ct == want:
		f := n.ctor.(func(*Ctx) T)
		owner.provide(func() func(*Ctx) T { return f })
	case isConstructor(ct) && ct.Out(0) == want:
		owner.provide(n.ctor)
	default:
		w.fail(fmt.Errorf("egg: egg.Scoped[%s](%T) at %s: pass a constructor returning func(*egg.Ctx) %s (optionally with an error), or that function itself",
			tname, n.ctor, n.caller, tname))
		return
	}
	caller := n.caller
	owner.provide(
		func(a *App, f func(*Ctx) T) scopedOut[T] {
			s := &Service[T]{idx: a.scopeCount, name: tname, factory: f}
			a.scopeCount++
			return scopedOut[T]{Service: s, Scoped: s}
		},
		func() (T, error) {
			var zero T
			return zero, fmt.Errorf("egg: %s is request-scoped (registered at %s) and cannot be injected into a singleton; "+
				"inject *egg.Service[%s] and call Get(c), or call egg.Use[%s](c) inside the request", tname, caller, tname, tname)
		},
	)
}

// scopedOut provides a scoped service's handle and registers it with the
// app (the egg.scoped group) in one constructor.
type scopedOut[T any] struct {
	fx.Out
	Service *Service[T]
	Scoped  scopedService `group:"egg.scoped"`
}
