package eggtest

import (
	"context"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
)

// ExpectLog checks that some log line of the app contains sub (Egg's
// app.expectLog). Lines are in slog's text form without the time, e.g.
//
//	level=INFO msg="hello is ready" logger=app users=2
//
// so sub may be a message, an attribute ("users=2") or both.
func (a *App) ExpectLog(sub string) {
	a.t.Helper()
	if !a.logs.contains(sub) {
		a.t.Errorf("eggtest: no log line contains %q; the app logged:\n%s", sub, a.logs.dump())
	}
}

// NotExpectLog checks that no log line of the app contains sub (Egg's
// app.notExpectLog).
func (a *App) NotExpectLog(sub string) {
	a.t.Helper()
	if a.logs.contains(sub) {
		a.t.Errorf("eggtest: a log line contains %q; the app logged:\n%s", sub, a.logs.dump())
	}
}

// Logs returns every line the app has logged so far, debug level
// included, in slog's text form without the time.
func (a *App) Logs() []string { return a.logs.snapshot() }

// logSink receives the app's log lines: it keeps them all and passes those
// at or above level to the test's log until the test ends.
type logSink struct {
	mu    sync.Mutex
	t     testing.TB
	level slog.Level // lowest level passed to t.Log
	cur   slog.Level // level of the record being written
	done  bool
	lines []string
}

func newLogSink(t testing.TB) *logSink {
	s := &logSink{t: t, level: slog.LevelInfo}
	if v := os.Getenv("EGG_LOG"); v != "" {
		if err := s.level.UnmarshalText([]byte(strings.ToUpper(v))); err != nil {
			s.level = slog.LevelInfo
		}
	}
	return s
}

// handler returns the slog.Handler that writes to the sink.
func (s *logSink) handler() slog.Handler {
	text := slog.NewTextHandler(sinkWriter{s}, &slog.HandlerOptions{
		Level: slog.LevelDebug,
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if len(groups) == 0 && a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	})
	return sinkHandler{sink: s, text: text}
}

// close stops passing lines to the test, which may not log once it has
// ended; lines are still kept.
func (s *logSink) close() {
	s.mu.Lock()
	s.done = true
	s.mu.Unlock()
}

// write is called by the text handler with s.mu held.
func (s *logSink) write(line string) {
	s.lines = append(s.lines, line)
	if !s.done && s.cur >= s.level {
		s.t.Log(line)
	}
}

func (s *logSink) contains(sub string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, l := range s.lines {
		if strings.Contains(l, sub) {
			return true
		}
	}
	return false
}

func (s *logSink) snapshot() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.lines...)
}

func (s *logSink) dump() string {
	lines := s.snapshot()
	if len(lines) == 0 {
		return "\t(nothing)"
	}
	return "\t" + strings.Join(lines, "\n\t")
}

// sinkWriter is the io.Writer under the text handler: one Write per record.
type sinkWriter struct{ s *logSink }

func (w sinkWriter) Write(p []byte) (int, error) {
	w.s.write(strings.TrimSuffix(string(p), "\n"))
	return len(p), nil
}

// sinkHandler holds the sink's lock while the text handler writes, so the
// record's level goes with its line.
type sinkHandler struct {
	sink *logSink
	text slog.Handler
}

func (h sinkHandler) Enabled(ctx context.Context, l slog.Level) bool { return h.text.Enabled(ctx, l) }

func (h sinkHandler) Handle(ctx context.Context, r slog.Record) error {
	h.sink.mu.Lock()
	defer h.sink.mu.Unlock()
	h.sink.cur = r.Level
	return h.text.Handle(ctx, r)
}

func (h sinkHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return sinkHandler{sink: h.sink, text: h.text.WithAttrs(attrs)}
}

func (h sinkHandler) WithGroup(name string) slog.Handler {
	return sinkHandler{sink: h.sink, text: h.text.WithGroup(name)}
}
