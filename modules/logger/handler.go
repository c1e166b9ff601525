package logger

import (
	"context"
	"io"
	"log/slog"
	"sync/atomic"

	"github.com/lmittmann/tint"
)

// textTimeFormat is the time of a text line: the full date, as Egg's
// "2006-01-02 15:04:05,000" with a dot.
const textTimeFormat = "2006-01-02 15:04:05.000"

// newFormatHandler returns a JSON or text handler writing to w from
// level up.
func newFormatHandler(w io.Writer, format string, level slog.Level) slog.Handler {
	if format == "json" {
		return slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level})
	}
	return tint.NewHandler(w, &tint.Options{Level: level, TimeFormat: textTimeFormat, NoColor: true})
}

// sinks are the handlers of the open files.
type sinks struct {
	app, core, errs slog.Handler
}

// fileHandler sends a record to the app file or the core file, by the
// logger attribute egg's loggers carry ("egg" is the core logger,
// anything else the app's), and every ERROR record to the error file too.
// Until a logger attribute comes (at the top level, before any group),
// both destinations are kept and the app file is used.
type fileHandler struct {
	out  slog.Handler // app or core file
	alt  slog.Handler // core file while the destination is open, else nil
	errs slog.Handler // error file
}

func (h *fileHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelError || h.out.Enabled(ctx, l) || (h.alt != nil && h.alt.Enabled(ctx, l))
}

func (h *fileHandler) Handle(ctx context.Context, r slog.Record) error {
	var err error
	if h.out.Enabled(ctx, r.Level) {
		err = h.out.Handle(ctx, r)
	}
	if r.Level >= slog.LevelError {
		if e := h.errs.Handle(ctx, r); err == nil {
			err = e
		}
	}
	return err
}

func (h *fileHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	if len(attrs) == 0 {
		return h
	}
	n := &fileHandler{out: h.out, alt: h.alt, errs: h.errs.WithAttrs(attrs)}
	if n.alt != nil {
		for _, a := range attrs {
			if a.Key == "logger" {
				if a.Value.String() == "egg" {
					n.out = n.alt
				}
				n.alt = nil
				break
			}
		}
	}
	n.out = n.out.WithAttrs(attrs)
	if n.alt != nil {
		n.alt = n.alt.WithAttrs(attrs)
	}
	return n
}

func (h *fileHandler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	// a group before any logger attribute: not one of egg's loggers
	return &fileHandler{out: h.out.WithGroup(name), errs: h.errs.WithGroup(name)}
}

// rootHandler is what the module gives egg.LogHandler: egg attaches it
// when the app starts, after the files opened, so it always finds them.
type rootHandler struct{ s *atomic.Pointer[fileHandler] }

func (h rootHandler) get() *fileHandler { return h.s.Load() }

func (h rootHandler) Enabled(ctx context.Context, l slog.Level) bool {
	f := h.get()
	return f != nil && f.Enabled(ctx, l)
}

func (h rootHandler) Handle(ctx context.Context, r slog.Record) error {
	if f := h.get(); f != nil {
		return f.Handle(ctx, r)
	}
	return nil
}

func (h rootHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	if f := h.get(); f != nil {
		return f.WithAttrs(attrs)
	}
	return h
}

func (h rootHandler) WithGroup(name string) slog.Handler {
	if f := h.get(); f != nil {
		return f.WithGroup(name)
	}
	return h
}
