package logger

import (
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/egg-go/egg"
)

// Values of Config.ConsoleAfterReady.
const (
	ConsoleAuto = ""    // Egg's rule: off after ready, except in local and unittest
	ConsoleOn   = "on"  // the console keeps every line
	ConsoleOff  = "off" // the console stops once the app is ready, in every env
)

// Config is module "logger"'s config (Egg's config.logger), env prefix
// LOGGER_. In a file name, "{app}" stands for the app name.
type Config struct {
	// Dir is the directory of the log files; a relative path is under
	// the app's base dir. Default "" means logs/{app} under the base dir
	// (Egg's {root}/logs/{name}). Env LOGGER_DIR.
	Dir string `env:"DIR"`
	// AppLogName receives the app logger's lines: App.Logger, Ctx.Logger
	// and every App.LoggerFor component. Default "{app}-web.log".
	// Env LOGGER_APP_LOG_NAME.
	AppLogName string `env:"APP_LOG_NAME"`
	// CoreLogName receives the core logger's lines (App.CoreLogger:
	// egg's and its modules' own). Default "egg-web.log".
	// Env LOGGER_CORE_LOG_NAME.
	CoreLogName string `env:"CORE_LOG_NAME"`
	// ErrorLogName receives a copy of every ERROR line of every logger.
	// Default "common-error.log". Env LOGGER_ERROR_LOG_NAME.
	ErrorLogName string `env:"ERROR_LOG_NAME"`
	// AccessLog writes one line per request to AccessLogName: method,
	// path, route pattern and name, status, bytes, duration, client IP and
	// request id. Default true. Env LOGGER_ACCESS_LOG.
	AccessLog bool `env:"ACCESS_LOG"`
	// AccessLogName is the access log's file. Default "{app}-access.log".
	// Env LOGGER_ACCESS_LOG_NAME.
	AccessLogName string `env:"ACCESS_LOG_NAME"`
	// AccessLogIgnore lists path prefixes left out of the access log
	// (health probes): "/healthz" matches /healthz and /healthz/x, not
	// /healthzx. A handler can also leave its request out with
	// SkipAccessLog. Default none. Env LOGGER_ACCESS_LOG_IGNORE,
	// comma-separated.
	AccessLogIgnore []string `env:"ACCESS_LOG_IGNORE"`
	// Level is the lowest level written to AppLogName: debug, info, warn
	// or error. Default "info". Env LOGGER_LEVEL.
	Level string `env:"LEVEL"`
	// CoreLevel is the same for CoreLogName. Default "info".
	// Env LOGGER_CORE_LEVEL.
	CoreLevel string `env:"CORE_LEVEL"`
	// AllowDebugAtProd keeps a debug Level or CoreLevel in env prod;
	// without it debug becomes info there (Egg's allowDebugAtProd).
	// Default false. Env LOGGER_ALLOW_DEBUG_AT_PROD.
	AllowDebugAtProd bool `env:"ALLOW_DEBUG_AT_PROD"`
	// Format of the files: "json" or "text". Default "": text in local
	// and unittest, json in every other env. Env LOGGER_FORMAT.
	Format string `env:"FORMAT"`
	// ConsoleAfterReady says whether egg's console output goes on once
	// the app is ready: "" (Egg's rule: off, except in local and
	// unittest), "on" or "off". The files always get every line; EGG_LOG
	// still sets the console's level while it is on.
	// Env LOGGER_CONSOLE_AFTER_READY.
	ConsoleAfterReady string `env:"CONSOLE_AFTER_READY"`
	// CheckInterval is how often the files are checked: a file moved
	// away by an outside logrotate is reopened, and an idle file is
	// rotated on time. 0 turns the check off. Default 1s.
	// Env LOGGER_CHECK_INTERVAL.
	CheckInterval time.Duration `env:"CHECK_INTERVAL"`
	// ReopenOnSignal reopens every file on SIGUSR1 (what an outside
	// logrotate's postrotate sends), when egg runs its own server
	// (egg.Run, egg.WithServer) on a Unix system; an embedded app leaves
	// the process's signals to its host. Default true.
	// Env LOGGER_REOPEN_ON_SIGNAL.
	ReopenOnSignal bool `env:"REOPEN_ON_SIGNAL"`
}

// DefaultConfig returns Egg's defaults: the four files under
// logs/{app}, info level, the console off after ready outside local and
// unittest, a check every second and reopening on SIGUSR1.
func DefaultConfig() Config {
	return Config{
		AppLogName:     "{app}-web.log",
		CoreLogName:    "egg-web.log",
		ErrorLogName:   "common-error.log",
		AccessLog:      true,
		AccessLogName:  "{app}-access.log",
		Level:          "info",
		CoreLevel:      "info",
		CheckInterval:  time.Second,
		ReopenOnSignal: true,
	}
}

// Validate reports a level, format, console value, file name, interval
// or ignore prefix that cannot work, as an egg config field error (egg
// adds the value and the layer that set it).
func (c *Config) Validate() error {
	for _, l := range []struct{ field, value string }{{"Level", c.Level}, {"CoreLevel", c.CoreLevel}} {
		if _, err := parseLevel(l.value); err != nil {
			return egg.InvalidConfig(l.field, "use debug, info, warn or error")
		}
	}
	switch c.Format {
	case "", "json", "text":
	default:
		return egg.InvalidConfig("Format", `use "json", "text", or "" for text in local and unittest and json elsewhere`)
	}
	switch c.ConsoleAfterReady {
	case ConsoleAuto, ConsoleOn, ConsoleOff:
	default:
		return egg.InvalidConfig("ConsoleAfterReady", `use "on", "off", or "" for Egg's rule (off after ready except in local and unittest)`)
	}
	names := []struct{ field, value string }{
		{"AppLogName", c.AppLogName}, {"CoreLogName", c.CoreLogName}, {"ErrorLogName", c.ErrorLogName}, {"AccessLogName", c.AccessLogName},
	}
	seen := map[string]string{}
	for _, n := range names {
		if n.value == "" || strings.ContainsAny(n.value, `/\`) || n.value == "." || n.value == ".." {
			return egg.InvalidConfig(n.field, `must be a file name without "/", e.g. "{app}-web.log"; set Dir for the directory`)
		}
		if n.field == "AccessLogName" && !c.AccessLog {
			continue
		}
		if prev, ok := seen[n.value]; ok {
			return egg.InvalidConfig(n.field, fmt.Sprintf("is the same file as %s; give each log its own file", prev))
		}
		seen[n.value] = n.field
	}
	if c.CheckInterval < 0 {
		return egg.InvalidConfig("CheckInterval", `must be 0 (no check) or a duration such as "1s"`)
	}
	for _, p := range c.AccessLogIgnore {
		if !strings.HasPrefix(p, "/") {
			return egg.InvalidConfig("AccessLogIgnore", fmt.Sprintf(`prefix %q must start with "/", e.g. "/healthz"`, p))
		}
	}
	return nil
}

// parseLevel reads debug, info, warn or error, in any case.
func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	err := l.UnmarshalText([]byte(strings.ToUpper(strings.TrimSpace(s))))
	return l, err
}

// fileLevel is the level of a file in env: debug becomes info in prod
// unless AllowDebugAtProd.
func (c *Config) fileLevel(s, env string) slog.Level {
	l, _ := parseLevel(s)
	if l < slog.LevelInfo && env == "prod" && !c.AllowDebugAtProd {
		l = slog.LevelInfo
	}
	return l
}

// format is the files' format in env.
func (c *Config) format(env string) string {
	if c.Format != "" {
		return c.Format
	}
	if env == "local" || env == "unittest" {
		return "text"
	}
	return "json"
}

// consoleOffAfterReady applies ConsoleAfterReady in env.
func (c *Config) consoleOffAfterReady(env string) bool {
	switch c.ConsoleAfterReady {
	case ConsoleOn:
		return false
	case ConsoleOff:
		return true
	}
	return env != "local" && env != "unittest"
}
