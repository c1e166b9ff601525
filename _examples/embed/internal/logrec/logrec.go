// Package logrec records slog records, so tests can see which lines were
// written through the host's logger and in which order.
package logrec

import (
	"context"
	"log/slog"
	"strings"
	"sync"
)

// Line is one recorded record: its message and its attributes, groups
// flattened to dotted keys.
type Line struct {
	Level   slog.Level
	Message string
	Attrs   map[string]string
}

// Recorder is a slog.Handler that keeps every record.
type Recorder struct {
	mu    *sync.Mutex
	lines *[]Line
	pre   map[string]string // attributes from WithAttrs, flattened
	group string
}

// New returns an empty recorder.
func New() *Recorder { return &Recorder{mu: new(sync.Mutex), lines: new([]Line)} }

// Enabled records every level.
func (r *Recorder) Enabled(context.Context, slog.Level) bool { return true }

// Handle records the record.
func (r *Recorder) Handle(_ context.Context, rec slog.Record) error {
	l := Line{Level: rec.Level, Message: rec.Message, Attrs: map[string]string{}}
	for k, v := range r.pre {
		l.Attrs[k] = v
	}
	rec.Attrs(func(a slog.Attr) bool {
		flatten(l.Attrs, r.group, a)
		return true
	})
	r.mu.Lock()
	*r.lines = append(*r.lines, l)
	r.mu.Unlock()
	return nil
}

func flatten(into map[string]string, prefix string, a slog.Attr) {
	key := a.Key
	if prefix != "" {
		key = prefix + "." + key
	}
	if a.Value.Kind() == slog.KindGroup {
		for _, g := range a.Value.Group() {
			flatten(into, key, g)
		}
		return
	}
	into[key] = a.Value.String()
}

// WithAttrs returns a handler that adds attrs to every record.
func (r *Recorder) WithAttrs(attrs []slog.Attr) slog.Handler {
	c := *r
	c.pre = map[string]string{}
	for k, v := range r.pre {
		c.pre[k] = v
	}
	for _, a := range attrs {
		flatten(c.pre, r.group, a)
	}
	return &c
}

// WithGroup returns a handler that puts later attributes in a group.
func (r *Recorder) WithGroup(name string) slog.Handler {
	c := *r
	c.group = strings.TrimPrefix(r.group+"."+name, ".")
	return &c
}

// Lines returns what was recorded so far.
func (r *Recorder) Lines() []Line {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Line(nil), *r.lines...)
}

// Messages returns the recorded messages in order.
func (r *Recorder) Messages() []string {
	var out []string
	for _, l := range r.Lines() {
		out = append(out, l.Message)
	}
	return out
}

// Find returns the first line whose message starts with prefix.
func (r *Recorder) Find(prefix string) (Line, bool) {
	for _, l := range r.Lines() {
		if strings.HasPrefix(l.Message, prefix) {
			return l, true
		}
	}
	return Line{}, false
}

// InOrder reports whether lines starting with each prefix were recorded in
// the given order (other lines may come between them).
func (r *Recorder) InOrder(prefixes ...string) bool {
	i := 0
	for _, m := range r.Messages() {
		if i < len(prefixes) && strings.HasPrefix(m, prefixes[i]) {
			i++
		}
	}
	return i == len(prefixes)
}
