package egg_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

// builtLogger logs while the app is built, before any LogHandler handler
// exists.
type builtLogger struct{}

func newBuiltLogger(app *egg.App) builtLogger {
	app.CoreLogger().Info("built core line")
	app.Logger().With("k", "v").WithGroup("g").Info("built app line", "n", 1)
	return builtLogger{}
}

func TestLogHandlerGetsHeldAndLiveRecords(t *testing.T) {
	var got logBuffer
	var order []string
	app := start(t,
		egg.Module("early", fx.Provide(newBuiltLogger), fx.Invoke(func(builtLogger) {})),
		egg.Module("files",
			egg.LogHandler(func(lc fx.Lifecycle) slog.Handler {
				lc.Append(fx.Hook{OnStart: func(context.Context) error { order = append(order, "files open"); return nil }})
				return got.handler()
			}),
		),
	)
	app.Logger().Info("live line")
	out := got.String()
	mustContain(t, out,
		`"msg":"built core line","logger":"egg"`,
		`"msg":"built app line","logger":"app","k":"v","g":{"n":1}`,
		`"msg":"live line","logger":"app"`,
		`"msg":"egg ready`)
	if strings.Index(out, "built core line") > strings.Index(out, "built app line") ||
		strings.Index(out, "built app line") > strings.Index(out, "live line") {
		t.Errorf("held records must come first, in order:\n%s", out)
	}
	if strings.Join(order, ",") != "files open" {
		t.Errorf("the handler's OnStart hook must run: %v", order)
	}
}

func TestLogHandlerValueAndDerivedLoggers(t *testing.T) {
	var got logBuffer
	app := start(t, egg.LogHandler(got.handler()))
	app.LoggerFor("redis").WithGroup("conn").Error("lost", "addr", "x")
	mustContain(t, got.String(), `"level":"ERROR","msg":"lost","logger":"redis","conn":{"addr":"x"}`)
}

func TestLogHandlerBesideHostLogger(t *testing.T) {
	var host, files logBuffer
	app := start(t, egg.WithLogger(jsonLogger(&host)), egg.LogHandler(files.handler()))
	app.Logger().Warn("both")
	mustContain(t, host.String(), `"msg":"both"`)
	mustContain(t, files.String(), `"msg":"both"`)
}

func TestLogHandlerNothingUntilStart(t *testing.T) {
	var got logBuffer
	app := build(t, egg.Module("early", fx.Provide(newBuiltLogger), fx.Invoke(func(builtLogger) {})),
		egg.LogHandler(func() slog.Handler { return got.handler() }))
	app.Logger().Info("not started")
	if got.String() != "" {
		t.Errorf("a built app that never starts gives its log handlers nothing:\n%s", got.String())
	}
}

// chatty logs n lines while the app is built.
type chatty struct{}

func TestLogHandlerCountsRecordsBeyondTheHoldLimit(t *testing.T) {
	var got logBuffer
	start(t,
		egg.Module("chatty", fx.Provide(func(app *egg.App) chatty {
			for i := range 1100 {
				app.Logger().Debug(fmt.Sprint("line ", i))
			}
			return chatty{}
		}), fx.Invoke(func(chatty) {})),
		egg.LogHandler(got.handler()))
	out := got.String()
	mustContain(t, out, `"msg":"line 0"`, "log records written while the app was built were not passed")
	if strings.Contains(out, `"msg":"line 1099"`) {
		t.Error("records beyond the limit are counted, not held")
	}
}

func TestLogHandlerRejectsOtherValues(t *testing.T) {
	for _, v := range []any{nil, 42, func() string { return "" }, (func() slog.Handler)(nil)} {
		err := newErr(t, egg.LogHandler(v))
		if err == nil || !strings.Contains(err.Error(), "pass a slog.Handler, or a constructor that returns one") {
			t.Errorf("LogHandler(%T): %v", v, err)
		}
	}
}

func TestSetConsoleLog(t *testing.T) {
	var console, extra logBuffer
	app := start(t, egg.LogOutput(&console), egg.WithLogHandler(extra.handler()), egg.Env("prod"))
	ctxLogger := app.Logger().With("req", "r1") // derived before the switch: follows it too
	app.SetConsoleLog(false)
	app.Logger().Info("hidden")
	ctxLogger.Warn("hidden too")
	app.SetConsoleLog(true)
	app.CoreLogger().Info("shown")
	if strings.Contains(console.String(), "hidden") {
		t.Errorf("console off must write nothing:\n%s", console.String())
	}
	mustContain(t, console.String(), `"msg":"shown"`)
	mustContain(t, extra.String(), `"msg":"hidden"`, `"msg":"hidden too"`, `"msg":"shown"`)

	var host logBuffer
	app = start(t, egg.WithLogger(jsonLogger(&host)))
	app.SetConsoleLog(false)
	app.Logger().Warn("host keeps it")
	mustContain(t, host.String(), "host keeps it")
}

// debugForCore takes debug records only on the core logger: its Enabled
// depends on the logger attribute, as modules/logger's per-file levels do.
type debugForCore struct {
	slog.Handler
	core bool
}

func (h debugForCore) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelInfo || h.core
}

func (h debugForCore) WithAttrs(attrs []slog.Attr) slog.Handler {
	core := h.core
	for _, a := range attrs {
		core = core || (a.Key == "logger" && a.Value.String() == "egg")
	}
	return debugForCore{Handler: h.Handler.WithAttrs(attrs), core: core}
}

func TestLogHandlerEnabledAsDerived(t *testing.T) {
	var got logBuffer
	app := start(t, egg.LogHandler(debugForCore{Handler: got.handler()}))
	app.CoreLogger().Debug("core debug")
	app.Logger().Debug("app debug")
	mustContain(t, got.String(), `"msg":"core debug"`)
	if strings.Contains(got.String(), "app debug") {
		t.Errorf("the app logger's debug is not enabled:\n%s", got.String())
	}
}
