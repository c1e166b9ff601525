package logger_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/logger"
	"go.uber.org/fx"
)

// early logs while the app is built, before the files exist.
type early struct{}

func newEarly(app *egg.App) early {
	app.CoreLogger().Info("core line while building")
	return early{}
}

func TestEachLoggerToItsFile(t *testing.T) {
	app, dir := newApp(t, "local",
		egg.Module("early", fx.Provide(newEarly), fx.Invoke(func(early) {})),
		egg.Routes(func(r *egg.Router) {
			r.Get("/work", func(c *egg.Ctx) error {
				c.Logger().Info("ctx info")
				c.Logger().Error("ctx error")
				return c.Text(http.StatusOK, "done")
			})
		}))
	app.Logger().Info("app info")
	app.Logger().Error("app error")
	app.CoreLogger().Info("core info")
	app.CoreLogger().Error("core error")
	app.LoggerFor("redis").Warn("component warn")
	app.LoggerFor("redis").WithGroup("conn").Error("component error", "addr", "x")
	app.GET("/work").Header("X-Request-Id", "req-42").Do().Status(200)

	web, core, errs := read(t, dir, "shop-web.log"), read(t, dir, "egg-web.log"), read(t, dir, "common-error.log")
	mustContain(t, "shop-web.log", web, "INF app info", "ERR app error", "WRN component warn", "logger=redis",
		"INF ctx info", "ERR ctx error", "req.id=req-42", "req.path=/work")
	mustNotContain(t, "shop-web.log", web, "core info", "core error")
	mustContain(t, "egg-web.log", core, "INF core info", "ERR core error", "logger=egg",
		"core line while building", // held by egg until the files opened
		"egg ready")
	mustNotContain(t, "egg-web.log", core, "app info", "ctx info", "component")

	// every ERROR line of every logger, and nothing else
	got := lines(errs)
	if len(got) != 4 {
		t.Errorf("common-error.log has %d lines, want 4:\n%s", len(got), errs)
	}
	mustContain(t, "common-error.log", errs, "ERR app error", "ERR core error", "ERR component error", "conn.addr=x",
		"ERR ctx error", "req.id=req-42")
	mustNotContain(t, "common-error.log", errs, "info", "warn")
	for _, l := range got {
		if !strings.HasPrefix(l, "20") || !strings.Contains(l, " ERR ") {
			t.Errorf("a text line starts with the date and time: %q", l)
		}
	}
}

func TestFormatByEnv(t *testing.T) {
	app, dir := newApp(t, "prod")
	app.Logger().Info("hello", "n", 1)
	app.CoreLogger().Error("boom")
	for _, name := range []string{"shop-web.log", "egg-web.log", "common-error.log"} {
		body := read(t, dir, name)
		if body == "" {
			t.Errorf("%s is empty", name)
		}
		for _, l := range lines(body) {
			var v map[string]any
			if err := json.Unmarshal([]byte(l), &v); err != nil {
				t.Errorf("%s: prod lines are JSON: %v: %s", name, err, l)
			}
		}
	}
	mustContain(t, "shop-web.log", read(t, dir, "shop-web.log"), `"level":"INFO","msg":"hello","logger":"app","n":1`)

	app, dir = newApp(t, "local", egg.Configure(func(c *logger.Config) { c.Format = "json" }))
	app.Logger().Info("forced json")
	mustContain(t, "shop-web.log", read(t, dir, "shop-web.log"), `"msg":"forced json"`)
}

func TestLevels(t *testing.T) {
	app, dir := newApp(t, "local", egg.Configure(func(c *logger.Config) { c.Level, c.CoreLevel = "warn", "debug" }))
	app.Logger().Info("app info")
	app.Logger().Warn("app warn")
	app.CoreLogger().Debug("core debug")
	mustNotContain(t, "shop-web.log", read(t, dir, "shop-web.log"), "app info")
	mustContain(t, "shop-web.log", read(t, dir, "shop-web.log"), "app warn")
	mustContain(t, "egg-web.log", read(t, dir, "egg-web.log"), "core debug")

	// Egg: debug becomes info in prod unless allowed
	app, dir = newApp(t, "prod", egg.Configure(func(c *logger.Config) { c.Level = "debug" }))
	app.Logger().Debug("prod debug")
	app.Logger().Info("prod info")
	mustNotContain(t, "shop-web.log", read(t, dir, "shop-web.log"), "prod debug")
	mustContain(t, "shop-web.log", read(t, dir, "shop-web.log"), "prod info")

	app, dir = newApp(t, "prod", egg.Configure(func(c *logger.Config) { c.Level, c.AllowDebugAtProd = "debug", true }))
	app.Logger().Debug("allowed debug")
	mustContain(t, "shop-web.log", read(t, dir, "shop-web.log"), "allowed debug")
}

func TestDefaultDirAndNames(t *testing.T) {
	base := t.TempDir()
	app, _ := newApp(t, "local", egg.BaseDir(base), egg.Configure(func(c *logger.Config) {
		c.Dir = "" // Egg's logs/{app} under the base dir
		c.AppLogName, c.AccessLogName = "{app}.app.log", "requests.log"
	}))
	var files *logger.Files
	app2, _ := newApp(t, "local", egg.BaseDir(base), egg.Name("other"), fx.Populate(&files),
		egg.Configure(func(c *logger.Config) { c.Dir = "var/{app}" }))
	app.Logger().Info("to the default dir")
	app2.Logger().Info("to var/other")
	mustContain(t, "logs/shop/shop.app.log", read(t, base, "logs/shop/shop.app.log"), "to the default dir")
	app.GET("/").Do()
	if read(t, base, "logs/shop/requests.log") == "" {
		t.Error("the access log goes to AccessLogName")
	}
	mustContain(t, "var/other/other-web.log", read(t, base, "var/other/other-web.log"), "to var/other")
	if files.Dir() != base+"/var/other" || files.Path("{app}-web.log") != base+"/var/other/other-web.log" {
		t.Errorf("Dir = %s, Path = %s", files.Dir(), files.Path("{app}-web.log"))
	}
}

func TestConsoleAfterReady(t *testing.T) {
	tests := []struct {
		env, setting string
		keeps        bool
	}{
		{"prod", "", false},
		{"test", "", false},
		{"local", "", true},
		{"unittest", "", true},
		{"prod", logger.ConsoleOn, true},
		{"local", logger.ConsoleOff, false},
	}
	for _, tt := range tests {
		t.Run(tt.env+"/"+tt.setting, func(t *testing.T) {
			var out console
			app, dir := newApp(t, tt.env, egg.LogOutput(&out),
				egg.Configure(func(c *logger.Config) { c.ConsoleAfterReady = tt.setting }))
			app.Logger().Warn("after ready")
			mustContain(t, "the file", read(t, dir, "shop-web.log"), "after ready")
			if got := strings.Contains(out.String(), "after ready"); got != tt.keeps {
				t.Errorf("console has the line: %v, want %v:\n%s", got, tt.keeps, out.String())
			}
			if !tt.keeps {
				mustContain(t, "console", out.String(), "console output stops now that the app is ready")
			}
		})
	}
}

func TestConsoleLevelStillFromEggLog(t *testing.T) {
	t.Setenv("EGG_LOG", "error")
	var out console
	app, dir := newApp(t, "local", egg.LogOutput(&out))
	app.Logger().Warn("quiet on the console")
	app.Logger().Error("loud")
	mustNotContain(t, "console", out.String(), "quiet on the console")
	mustContain(t, "console", out.String(), "loud")
	mustContain(t, "the file (level info)", read(t, dir, "shop-web.log"), "quiet on the console", "loud")
}

func TestConsoleBackAfterStop(t *testing.T) {
	var out console
	dir := t.TempDir()
	app, err := egg.New(egg.Name("shop"), egg.Env("prod"), egg.BaseDir(dir), egg.LogOutput(&out), logger.Module,
		egg.Configure(func(c *egg.AppConfig) { c.DumpConfig = false }))
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	app.Logger().Warn("while ready")
	if err := app.Stop(t.Context()); err != nil {
		t.Fatal(err)
	}
	app.Logger().Warn("after stop") // the files are closed: the console has it
	mustNotContain(t, "console", out.String(), "while ready")
	mustContain(t, "console", out.String(), "after stop")
	mustContain(t, "logs/shop/shop-web.log", read(t, dir, "logs/shop/shop-web.log"), "while ready")
	mustNotContain(t, "logs/shop/shop-web.log", read(t, dir, "logs/shop/shop-web.log"), "after stop")
	mustContain(t, "logs/shop/egg-web.log", read(t, dir, "logs/shop/egg-web.log"), "egg stopped")
}
