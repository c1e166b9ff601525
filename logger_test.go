package egg_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/egg-go/egg"
)

func TestLoggerFormatByEnv(t *testing.T) {
	var prod logBuffer
	app := start(t, egg.Env("prod"), egg.LogOutput(&prod))
	app.Logger().Info("hello", "n", 1)
	var line map[string]any
	first := strings.SplitN(strings.TrimSpace(prod.String()), "\n", 2)[0]
	if err := json.Unmarshal([]byte(first), &line); err != nil {
		t.Fatalf("prod logs must be JSON: %v\n%s", err, prod.String())
	}
	mustContain(t, prod.String(), `"msg":"hello"`, `"logger":"app"`, `"n":1`)

	var local logBuffer
	app = start(t, egg.Env("local"), egg.LogOutput(&local))
	app.Logger().Info("hello", "n", 1)
	mustContain(t, local.String(), "INF hello", "logger=app", "n=1")
	if strings.Contains(local.String(), "\x1b[") {
		t.Error("no colour when the output is not a terminal")
	}
}

func TestLoggerLevels(t *testing.T) {
	var quiet logBuffer
	app := start(t, egg.LogOutput(&quiet)) // unittest: warn and above
	app.Logger().Info("chatty")
	app.Logger().Warn("careful")
	if strings.Contains(quiet.String(), "chatty") || !strings.Contains(quiet.String(), "careful") {
		t.Errorf("unittest level must be warn:\n%s", quiet.String())
	}

	t.Setenv("EGG_LOG", "debug")
	var loud logBuffer
	var log []string
	app = start(t, egg.LogOutput(&loud), mod("m", &log))
	app.LoggerFor("controller.users").Debug("details")
	mustContain(t, loud.String(), "DBG details", "logger=controller.users",
		"logger=egg", "boot hook") // the kernel's own debug lines
}

func TestFxEventsGoToCoreLoggerAtDebug(t *testing.T) {
	t.Setenv("EGG_LOG", "debug")
	var buf logBuffer
	start(t, egg.LogOutput(&buf), egg.Env("prod"))
	mustContain(t, buf.String(), `"level":"DEBUG"`, `"logger":"egg"`, `"msg":"provided"`)
	for _, l := range strings.Split(buf.String(), "\n") {
		if strings.Contains(l, `"msg":"provided"`) && !strings.Contains(l, `"level":"DEBUG"`) {
			t.Errorf("fx event above debug: %s", l)
		}
	}
}

func TestWithLoggerAndExtraHandler(t *testing.T) {
	var host, extra logBuffer
	hostLogger := jsonLogger(&host)
	app := start(t, egg.WithLogger(hostLogger))
	app.Logger().Warn("to the host")
	mustContain(t, host.String(), "to the host", `"logger":"app"`)

	app = start(t, egg.WithLogHandler(extra.handler()), egg.LogOutput(&logBuffer{}))
	app.CoreLogger().Info("copied")
	mustContain(t, extra.String(), `"msg":"copied"`, `"logger":"egg"`)
}
