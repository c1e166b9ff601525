package egg

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"time"

	"go.uber.org/fx"
)

// The seven boot phases of Egg, as optional interfaces of a boot object.
// A module registers boot objects with Boot; egg calls each phase on every
// boot object that implements it, module by module in load order, and waits
// for the phase to finish everywhere before the next begins (a barrier).
// BeforeClose runs in reverse load order.
type (
	// ConfigWillLoader runs first, at fx.New time, while configs may still
	// change: edit them through egg.ConfigOf. A boot object with this phase
	// may depend only on *egg.App and *egg.Configs.
	ConfigWillLoader interface{ ConfigWillLoad(*Configs) error }
	// ConfigDidLoader runs after every ConfigWillLoad and config validation.
	ConfigDidLoader interface{ ConfigDidLoad(*Configs) error }
	// DidLoader runs when the app starts, after every module is built.
	DidLoader interface{ DidLoad(context.Context) error }
	// WillReadier runs after every DidLoad: connect to services here.
	WillReadier interface{ WillReady(context.Context) error }
	// DidReadier runs after every WillReady, when the app is ready.
	DidReadier interface{ DidReady(context.Context) error }
	// ServerDidReadier runs after the server listens (or, embedded, right
	// after DidReady).
	ServerDidReadier interface{ ServerDidReady(context.Context) error }
	// BeforeCloser runs when the app stops, after in-flight requests end,
	// in reverse load order: close connections here.
	BeforeCloser interface{ BeforeClose(context.Context) error }
)

// Phase names, as they appear in errors, logs and the timing dump.
const (
	PhaseConfigWillLoad = "ConfigWillLoad"
	PhaseConfigDidLoad  = "ConfigDidLoad"
	PhaseDidLoad        = "DidLoad"
	PhaseWillReady      = "WillReady"
	PhaseDidReady       = "DidReady"
	PhaseServerDidReady = "ServerDidReady"
	PhaseBeforeClose    = "BeforeClose"
)

// bootEntry is one boot object with the module it belongs to.
type bootEntry struct {
	module *moduleInfo
	seq    int
	obj    any
}

func (b bootEntry) String() string {
	return fmt.Sprintf("module %q boot object %T", b.module.name, b.obj)
}

type bootNode struct {
	fx.Option
	ctor   any
	caller site
}

// Boot registers a boot object (Egg's app.js / agent.js boot hook class)
// for the module it is written in. ctor is either the object itself or an
// fx constructor that returns it (optionally with an error); the object
// implements any of ConfigWillLoader, ConfigDidLoader, DidLoader,
// WillReadier, DidReadier, ServerDidReadier and BeforeCloser.
func Boot(ctor any) fx.Option {
	return bootNode{Option: fx.Options(), ctor: ctor, caller: callerSite()}
}

func (n bootNode) String() string { return fmt.Sprintf("egg.Boot(%T)", n.ctor) }

var (
	errorType = reflect.TypeFor[error]()
)

func (n bootNode) visit(w *walker) {
	owner, seq := w.owner(), w.next()
	ct := reflect.TypeOf(n.ctor)
	if ct == nil {
		w.fail(fmt.Errorf("egg: egg.Boot(nil) at %s: pass a boot object or its constructor", n.caller))
		return
	}
	if ct.Kind() != reflect.Func || isBootObject(ct) {
		e := bootEntry{module: owner, seq: seq, obj: n.ctor}
		if hasConfigPhase(ct) {
			owner.provide(func() bootConfigOut { return bootConfigOut{Entry: e} })
		} else {
			owner.provide(func() bootOut { return bootOut{Entry: e} })
		}
		return
	}
	if !isConstructor(ct) {
		w.fail(fmt.Errorf("egg: egg.Boot(%s) at %s: a boot constructor returns the boot object, optionally with an error", ct, n.caller))
		return
	}
	entry := func(obj any) bootEntry { return bootEntry{module: owner, seq: seq, obj: obj} }
	if hasConfigPhase(ct.Out(0)) {
		owner.provide(wrapConstructor(n.ctor, func(obj any) bootConfigOut { return bootConfigOut{Entry: entry(obj)} }))
	} else {
		owner.provide(wrapConstructor(n.ctor, func(obj any) bootOut { return bootOut{Entry: entry(obj)} }))
	}
}

// bootOut and bootConfigOut put a boot object in its group (fx.Out
// structs rather than fx.Annotate, which builds a dig container and seeds
// a random source each time).
type (
	bootOut struct {
		fx.Out
		Entry bootEntry `group:"egg.boot"`
	}
	bootConfigOut struct {
		fx.Out
		Entry bootEntry `group:"egg.boot.config"`
	}
)

var hookIfs = []reflect.Type{
	reflect.TypeFor[ConfigWillLoader](), reflect.TypeFor[ConfigDidLoader](), reflect.TypeFor[DidLoader](),
	reflect.TypeFor[WillReadier](), reflect.TypeFor[DidReadier](), reflect.TypeFor[ServerDidReadier](),
	reflect.TypeFor[BeforeCloser](),
}

// isBootObject reports whether t has a boot phase method, so a func type
// with methods is taken as the object, not as its constructor.
func isBootObject(t reflect.Type) bool {
	for _, it := range hookIfs {
		if t.Implements(it) {
			return true
		}
	}
	return false
}

// hasConfigPhase reports whether boot objects of type t have a config
// phase: they go in the group built before configs are handed out.
func hasConfigPhase(t reflect.Type) bool {
	for _, it := range hookIfs[:2] { // ConfigWillLoader, ConfigDidLoader
		if t.Implements(it) {
			return true
		}
	}
	return false
}

func sortBoots(bs []bootEntry) []bootEntry {
	out := slices.Clone(bs)
	slices.SortFunc(out, func(a, b bootEntry) int {
		if c := a.module.index - b.module.index; c != 0 {
			return c
		}
		return a.seq - b.seq
	})
	return out
}

// Timing is how long one boot object took in one phase.
type Timing struct {
	Module   string        `json:"module"`
	Phase    string        `json:"phase"`
	Object   string        `json:"object"`
	Duration time.Duration `json:"-"`
	Millis   float64       `json:"ms"`
}

// HookError reports a boot hook that failed or did not finish in time.
type HookError struct {
	Module string
	Phase  string
	Object string
	Err    error
}

// Error implements error: one line naming module, phase and boot object.
func (e *HookError) Error() string {
	return fmt.Sprintf("egg: module %q %s failed (%s): %v", e.Module, e.Phase, e.Object, e.Err)
}

// Unwrap returns the hook's own error.
func (e *HookError) Unwrap() error { return e.Err }

// errHookTimeout is wrapped by HookError when start-up runs out of time.
var errHookTimeout = errors.New("start-up timed out while this hook was still running; make it finish sooner (it receives a context with the deadline) or raise egg.StartTimeout")

// phaseHook returns obj's hook for one phase, or nil when obj does not
// implement that phase.
type phaseHook func(obj any) func(context.Context) error

// callPhase calls each boot object's hook for the phase, in the given
// order, timing each call. With a deadline in ctx, a hook still running
// when it passes is named in the error and left behind.
func (a *App) callPhase(ctx context.Context, phase string, boots []bootEntry, hookOf phaseHook) error {
	_, deadline := ctx.Deadline()
	for _, b := range boots {
		hook := hookOf(b.obj)
		if hook == nil {
			continue
		}
		start := time.Now()
		var err error
		if deadline {
			done := make(chan struct{})
			go func() {
				defer close(done)
				err = hook(ctx)
			}()
			select {
			case <-done:
			case <-ctx.Done():
				return &HookError{Module: b.module.name, Phase: phase, Object: fmt.Sprintf("%T", b.obj), Err: errHookTimeout}
			}
		} else {
			err = hook(ctx)
		}
		d := time.Since(start)
		a.recordTiming(Timing{Module: b.module.name, Phase: phase, Object: fmt.Sprintf("%T", b.obj), Duration: d,
			Millis: float64(d.Microseconds()) / 1000})
		if err != nil {
			return &HookError{Module: b.module.name, Phase: phase, Object: fmt.Sprintf("%T", b.obj), Err: err}
		}
	}
	return nil
}

func (a *App) recordTiming(t Timing) {
	a.timingMu.Lock()
	a.timings = append(a.timings, t)
	a.timingMu.Unlock()
	a.log.core.Debug("boot hook", "module", t.Module, "phase", t.Phase, "object", t.Object, "duration", t.Duration)
}

// Timings returns how long each boot hook took, in the order they ran.
func (a *App) Timings() []Timing {
	a.timingMu.Lock()
	defer a.timingMu.Unlock()
	return append([]Timing{}, a.timings...)
}

func phaseConfigWillLoad(cs *Configs) phaseHook {
	return func(o any) func(context.Context) error {
		if h, ok := o.(ConfigWillLoader); ok {
			return func(context.Context) error { return h.ConfigWillLoad(cs) }
		}
		return nil
	}
}

func phaseConfigDidLoad(cs *Configs) phaseHook {
	return func(o any) func(context.Context) error {
		if h, ok := o.(ConfigDidLoader); ok {
			return func(context.Context) error { return h.ConfigDidLoad(cs) }
		}
		return nil
	}
}

func phaseDidLoad(o any) func(context.Context) error {
	if h, ok := o.(DidLoader); ok {
		return h.DidLoad
	}
	return nil
}

func phaseWillReady(o any) func(context.Context) error {
	if h, ok := o.(WillReadier); ok {
		return h.WillReady
	}
	return nil
}

func phaseDidReady(o any) func(context.Context) error {
	if h, ok := o.(DidReadier); ok {
		return h.DidReady
	}
	return nil
}

func phaseServerDidReady(o any) func(context.Context) error {
	if h, ok := o.(ServerDidReadier); ok {
		return h.ServerDidReady
	}
	return nil
}

func phaseBeforeClose(o any) func(context.Context) error {
	if h, ok := o.(BeforeCloser); ok {
		return h.BeforeClose
	}
	return nil
}
