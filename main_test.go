package egg_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// logBuffer captures log lines for assertions, safe for concurrent use.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// handler returns a debug-level JSON handler writing into l.
func (l *logBuffer) handler() slog.Handler {
	return slog.NewJSONHandler(l, &slog.HandlerOptions{Level: slog.LevelDebug})
}

// base options every test app gets: unittest env, a temp base dir.
func base(t testing.TB) []fx.Option {
	return []fx.Option{egg.Env("unittest"), egg.BaseDir(t.TempDir()), egg.LogOutput(io.Discard)}
}

// build makes an app without starting it; it fails the test on error.
func build(t testing.TB, opts ...fx.Option) *egg.App {
	t.Helper()
	app, err := egg.New(append(base(t), opts...)...)
	if err != nil {
		t.Fatalf("egg.New: %v", err)
	}
	return app
}

// start builds and starts an app and stops it at cleanup.
func start(t testing.TB, opts ...fx.Option) *egg.App {
	t.Helper()
	app := build(t, opts...)
	if err := app.Start(context.Background()); err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		if err := app.Stop(context.Background()); err != nil {
			t.Errorf("Stop: %v", err)
		}
	})
	return app
}

// newErr builds an app expecting an error from New or Start.
func newErr(t testing.TB, opts ...fx.Option) error {
	t.Helper()
	app, err := egg.New(append(base(t), opts...)...)
	if err != nil {
		return err
	}
	err = app.Start(context.Background())
	if err == nil {
		_ = app.Stop(context.Background())
		t.Fatalf("expected an error, app started")
	}
	return err
}

func mustContain(t testing.TB, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q in:\n%s", w, got)
		}
	}
}

// serve sends one request through h and returns the recorder.
func serve(h http.Handler, method, target string, body io.Reader, header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, body)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func jsonLogger(l *logBuffer) *slog.Logger { return slog.New(l.handler()) }
