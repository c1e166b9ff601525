package egg

import (
	"context"
	"fmt"
	"log/slog"
	"reflect"
	"sync"
	"sync/atomic"

	"go.uber.org/fx"
)

// LogHandler adds a slog.Handler built inside the app to the app's
// loggers: it receives every record of the app, core, ctx and component
// loggers that its Enabled accepts, beside the console. h is a
// slog.Handler, or an fx constructor that returns one (optionally with an
// error), so that the handler can take the app's config, *egg.App and
// fx.Lifecycle, e.g. to open files when the app starts and close them when
// it stops (modules/logger writes the log files this way):
//
//	var Module = egg.Module("shipper",
//		egg.Config(DefaultConfig()),
//		egg.LogHandler(func(cfg Config, lc fx.Lifecycle) slog.Handler { ... }),
//	)
//
// Such handlers are attached when the app starts, after the OnStart hooks
// of the modules (where they open what they write to) and before egg's
// own start. Records written while the app is built (config hooks,
// constructors) are held and handed to them then, in order; beyond 1024
// records the rest are counted, and the handlers get a warning saying how
// many they missed. An app that is built but never started (the config,
// routes and graph subcommands) gives them nothing.
//
// A record reaches the handler as the loggers built it: the logger
// attribute ("app", "egg", or a component name from App.LoggerFor) comes
// through WithAttrs, before any group, so a handler can route by logger.
// Unlike WithLogHandler, LogHandler also works beside a logger given with
// WithLogger.
func LogHandler(h any) fx.Option {
	return logHandlerNode{Option: fx.Options(), h: h, caller: callerSite()}
}

type logHandlerNode struct {
	fx.Option
	h      any
	caller site
}

// logHandlerEntry is one handler in the egg.log.handlers group.
type logHandlerEntry struct{ h slog.Handler }

var slogHandlerType = reflect.TypeFor[slog.Handler]()

func (n logHandlerNode) String() string { return fmt.Sprintf("egg.LogHandler(%T)", n.h) }

func (n logHandlerNode) visit(w *walker) {
	if h, ok := n.h.(slog.Handler); ok && h != nil {
		w.plan.logHandlerDecls++
		w.owner().provide(func() logHandlerOut { return logHandlerOut{Entry: logHandlerEntry{h: h}} })
		return
	}
	ct := reflect.TypeOf(n.h)
	if !isConstructor(ct) || !ct.Out(0).Implements(slogHandlerType) || reflect.ValueOf(n.h).IsNil() {
		w.fail(fmt.Errorf("egg: egg.LogHandler(%T) at %s: pass a slog.Handler, or a constructor that returns one (optionally with an error)",
			n.h, n.caller))
		return
	}
	w.plan.logHandlerDecls++
	w.owner().provide(wrapConstructor(n.h, func(v any) logHandlerOut {
		h, _ := v.(slog.Handler)
		return logHandlerOut{Entry: logHandlerEntry{h: h}}
	}))
}

// logHandlerOut puts a handler in the egg.log.handlers group.
type logHandlerOut struct {
	fx.Out
	Entry logHandlerEntry `group:"egg.log.handlers"`
}

// maxHeldRecords bounds the records held for LogHandler handlers while the
// app is built.
const maxHeldRecords = 1024

// lateHandlers is the slot in egg's root handler where LogHandler
// handlers go once the app starts. Until then it holds the records it
// gets; after that it passes them on.
type lateHandlers struct {
	mu       sync.Mutex
	attached atomic.Bool
	handlers []slog.Handler // fixed once attached
	held     []heldRecord
	missed   int
}

// heldRecord is a record written before the handlers were attached, with
// the logger (attrs and groups) it was written through.
type heldRecord struct {
	ctx context.Context
	h   *lateHandler
	r   slog.Record
}

// attach hands the held records to hs, in order, and passes every later
// record straight on. It runs once, when the app starts; later calls do
// nothing.
func (s *lateHandlers) attach(hs []slog.Handler) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.attached.Load() {
		return
	}
	s.handlers = hs
	held, missed := s.held, s.missed
	s.held, s.missed = nil, 0
	if len(hs) > 0 {
		for _, e := range held {
			_ = e.h.handleAttached(e.ctx, e.r)
		}
		if missed > 0 {
			r := slog.NewRecord(held[len(held)-1].r.Time, slog.LevelWarn, fmt.Sprintf(
				"egg: %d log records written while the app was built were not passed to the log handlers added with egg.LogHandler (the first %d were)",
				missed, len(held)), 0)
			r.AddAttrs(slog.String("logger", "egg"))
			for _, h := range hs {
				if h.Enabled(context.Background(), r.Level) {
					_ = h.Handle(context.Background(), r.Clone())
				}
			}
		}
	}
	s.attached.Store(true)
}

// root returns the slot's handler for the root logger.
func (s *lateHandlers) root() *lateHandler { return &lateHandler{slot: s} }

// lateHandler is the slot as one logger sees it: the attrs and groups of
// that logger are replayed onto each attached handler the first time a
// record needs them.
type lateHandler struct {
	slot    *lateHandlers
	parent  *lateHandler
	attrs   []slog.Attr // this step's WithAttrs, or
	group   string      // this step's WithGroup
	derived atomic.Pointer[[]slog.Handler]
}

// Enabled is true while the handlers are not attached (their levels are
// not known yet), then asks them, as this logger derived them.
func (h *lateHandler) Enabled(ctx context.Context, l slog.Level) bool {
	if !h.slot.attached.Load() {
		return true
	}
	for _, x := range h.handlers() {
		if x.Enabled(ctx, l) {
			return true
		}
	}
	return false
}

// Handle passes r on, or holds it until the handlers are attached.
func (h *lateHandler) Handle(ctx context.Context, r slog.Record) error {
	if !h.slot.attached.Load() {
		s := h.slot
		s.mu.Lock()
		if !s.attached.Load() {
			if len(s.held) < maxHeldRecords {
				s.held = append(s.held, heldRecord{ctx: ctx, h: h, r: r.Clone()})
			} else {
				s.missed++
			}
			s.mu.Unlock()
			return nil
		}
		s.mu.Unlock()
	}
	return h.handleAttached(ctx, r)
}

func (h *lateHandler) handleAttached(ctx context.Context, r slog.Record) error {
	hs := h.handlers()
	switch len(hs) {
	case 0:
		return nil
	case 1:
		if hs[0].Enabled(ctx, r.Level) {
			return hs[0].Handle(ctx, r)
		}
		return nil
	}
	return fanout(hs).Handle(ctx, r)
}

// handlers returns the attached handlers with this logger's attrs and
// groups applied, deriving them once.
func (h *lateHandler) handlers() []slog.Handler {
	if p := h.derived.Load(); p != nil {
		return *p
	}
	var base []slog.Handler
	if h.parent == nil {
		base = h.slot.handlers
	} else {
		base = h.parent.handlers()
	}
	out := make([]slog.Handler, len(base))
	for i, x := range base {
		switch {
		case h.parent == nil:
			out[i] = x
		case h.group != "":
			out[i] = x.WithGroup(h.group)
		default:
			out[i] = x.WithAttrs(h.attrs)
		}
	}
	h.derived.Store(&out) // a racing derivation stores an equal slice
	return out
}

// WithAttrs derives at once when the handlers are attached, else records
// the step for later.
func (h *lateHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	if len(attrs) == 0 {
		return h
	}
	if h.slot.attached.Load() {
		return derivedHandlers(h.handlers(), func(x slog.Handler) slog.Handler { return x.WithAttrs(attrs) })
	}
	return &lateHandler{slot: h.slot, parent: h, attrs: attrs}
}

// WithGroup is WithAttrs for a group.
func (h *lateHandler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	if h.slot.attached.Load() {
		return derivedHandlers(h.handlers(), func(x slog.Handler) slog.Handler { return x.WithGroup(name) })
	}
	return &lateHandler{slot: h.slot, parent: h, group: name}
}

// derivedHandlers applies fn to each handler; no handler at all becomes a
// handler that accepts nothing.
func derivedHandlers(hs []slog.Handler, fn func(slog.Handler) slog.Handler) slog.Handler {
	switch len(hs) {
	case 0:
		return fanout(nil)
	case 1:
		return fn(hs[0])
	}
	out := make(fanout, len(hs))
	for i, x := range hs {
		out[i] = fn(x)
	}
	return out
}
