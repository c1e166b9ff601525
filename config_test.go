package egg_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

type layered struct {
	Default, Framework, App, EnvOverride, Hook string
	EnvVar                                     string `env:"ENV_VAR"`
}

type layerHook struct{}

func (layerHook) ConfigWillLoad(cs *egg.Configs) error {
	egg.ConfigOf[layered](cs).Hook = "hook"
	return nil
}

func TestConfigLayers(t *testing.T) {
	t.Setenv("LAYERS_ENV_VAR", "var")
	all := func(v string) func(*layered) {
		return func(c *layered) { c.Framework, c.App, c.EnvOverride, c.EnvVar, c.Hook = v, v, v, v, v }
	}
	var got layered
	dir := t.TempDir()
	start(t,
		egg.Env("local"), egg.BaseDir(dir), egg.Configure(func(c *egg.AppConfig) { c.DumpConfig = true }),
		egg.Module("layers",
			egg.Config(layered{"default", "default", "default", "default", "default", "default"}),
			egg.Boot(layerHook{}),
			fx.Invoke(func(c layered) { got = c }),
		),
		egg.Framework("fw", egg.Configure(all("fw"))),
		egg.Configure(func(c *layered) { c.App, c.EnvOverride, c.EnvVar, c.Hook = "app", "app", "app", "app" }),
		egg.ConfigureEnv("local", func(c *layered) { c.EnvOverride, c.EnvVar, c.Hook = "env", "env", "env" }),
		egg.ConfigureEnv("prod", func(c *layered) { c.EnvOverride = "prod must not apply" }),
	)
	want := layered{"default", "fw", "app", "env", "hook", "var"}
	if got != want {
		t.Fatalf("config = %+v\nwant     %+v", got, want)
	}
	b, err := os.ReadFile(filepath.Join(dir, "run", "application_config_meta.json"))
	if err != nil {
		t.Fatal(err)
	}
	var meta map[string]map[string]string
	if err := json.Unmarshal(b, &meta); err != nil {
		t.Fatal(err)
	}
	m := meta["layers.layered"]
	for field, layer := range map[string]string{
		"Default": "default (module layers)", "Framework": "framework fw (", "App": "app (",
		"EnvOverride": "app env local (", "EnvVar": "env LAYERS_ENV_VAR", "Hook": "ConfigWillLoad (module layers)",
	} {
		if !strings.HasPrefix(m[field], layer) {
			t.Errorf("meta[%s] = %q, want prefix %q", field, m[field], layer)
		}
	}
}

func TestNestedFrameworkConfigOrder(t *testing.T) {
	var got layered
	inner := egg.Framework("inner", egg.Configure(func(c *layered) { c.Framework, c.App = "inner", "inner" }))
	outer := egg.Framework("outer", inner, egg.Configure(func(c *layered) { c.App = "outer" }))
	start(t, egg.Module("layers", egg.Config(layered{}), fx.Invoke(func(c layered) { got = c })), outer)
	if got.Framework != "inner" || got.App != "outer" {
		t.Errorf("inner framework must apply before outer: %+v", got)
	}
}

type secrets struct {
	User         string
	Password     string
	APIToken     string
	ClientSecret string
	Keys         []string
	Private      string `secret:"true"`
	Nested       struct{ Pass string }
}

func TestConfigDumpMasksSecrets(t *testing.T) {
	dir := t.TempDir()
	start(t, egg.Env("local"), egg.BaseDir(dir), egg.Configure(func(c *egg.AppConfig) { c.DumpConfig = true }),
		egg.Module("db", egg.Config(secrets{User: "root", Password: "hunter2", APIToken: "tok-123", ClientSecret: "s3",
			Keys: []string{"a", "b"}, Private: "private!", Nested: struct{ Pass string }{"pw"}})),
		egg.Configure(func(c *egg.AppConfig) { c.Keys = []string{"cookie-key"} }),
	)
	b, err := os.ReadFile(filepath.Join(dir, "run", "application_config.json"))
	if err != nil {
		t.Fatal(err)
	}
	dump := string(b)
	mustContain(t, dump, `"User": "root"`, `"Password": "<String len: 7>"`, `"APIToken": "<String len: 7>"`,
		`"ClientSecret": "<String len: 2>"`, `"Keys": "<Array len: 2>"`, `"Private": "<String len: 8>"`, `"Pass": "<String len: 2>"`,
		`"Keys": "<Array len: 1>"`, `"env": "local"`, `"Port": 7001`)
	for _, leak := range []string{"hunter2", "tok-123", "private!", "cookie-key", `"s3"`} {
		if strings.Contains(dump, leak) {
			t.Errorf("dump leaks %q", leak)
		}
	}
	if matches, _ := filepath.Glob(filepath.Join(dir, "run", "application_timing_*.json")); len(matches) != 1 {
		t.Errorf("timing dump missing: %v", matches)
	}
}

func TestNoDumpInUnittest(t *testing.T) {
	dir := t.TempDir()
	start(t, egg.BaseDir(dir))
	if _, err := os.Stat(filepath.Join(dir, "run")); !os.IsNotExist(err) {
		t.Errorf("unittest must not write run/: %v", err)
	}
}

type withChan struct {
	C chan int `env:"CH"`
}

type portHolder struct {
	Port int `env:"PORT"`
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name  string
		env   map[string]string
		opts  []fx.Option
		wants []string
	}{
		{"invalid value names field, value and layer", nil,
			[]fx.Option{egg.Configure(func(c *egg.ServerConfig) { c.Port = 70000 })},
			[]string{`module "egg" config field Port = 70000`, "set by app (", "config_test.go", "must be 0-65535"}},
		{"invalid value from env var", map[string]string{"PORT": "99999"}, nil,
			[]string{"config field Port = 99999", "set by env PORT", "must be 0-65535"}},
		{"unparsable env var names the field as Validate does", map[string]string{"PORT": "abc"}, nil,
			[]string{`module "egg" config field Port is invalid: environment variable PORT="abc" is not a valid int`, "fix or unset it"}},
		{"unparsable duration", map[string]string{"EGG_SHUTDOWN_TIMEOUT": "soon"}, nil,
			[]string{`EGG_SHUTDOWN_TIMEOUT="soon" is not a valid time.Duration`}},
		{"env var of an unreadable type", nil,
			[]fx.Option{egg.Module("q", egg.Config(withChan{}))},
			[]string{`module "q" config field C (env Q_CH, config withChan) has type chan int`, "TextUnmarshaler"}},
		{"bad log level", map[string]string{"EGG_LOG": "loud"}, nil,
			[]string{"config field Level = loud", "use debug, info, warn or error"}},
		{"configure without a module", nil,
			[]fx.Option{egg.Configure(func(c *portHolder) { c.Port = 1 })},
			[]string{"Configure[egg_test.portHolder]", "no module in the app declares this config"}},
		{"config outside a module", nil,
			[]fx.Option{egg.Config(portHolder{})},
			[]string{"must be inside egg.Module"}},
		{"config declared twice", nil,
			[]fx.Option{egg.Module("a", egg.Config(portHolder{})), egg.Module("b", egg.Config(portHolder{}))},
			[]string{"config egg_test.portHolder is declared by module \"a\"", "and again by module \"b\""}},
		{"config not a struct", nil,
			[]fx.Option{egg.Module("a", egg.Config(42))},
			[]string{"a config must be a struct type"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			err := newErr(t, tt.opts...)
			mustContain(t, err.Error(), tt.wants...)
		})
	}
}

func TestConfigureForDisabledModuleIsIgnored(t *testing.T) {
	start(t, egg.Module("opt", egg.Config(portHolder{})), egg.Disable("opt"),
		egg.Configure(func(c *portHolder) { c.Port = 1 }))
}

type earlyHook struct{}

func (earlyHook) ConfigWillLoad(*egg.Configs) error { return nil }

func TestEarlyBootObjectCannotTakeConfig(t *testing.T) {
	err := newErr(t, egg.Module("m", egg.Config(portHolder{}),
		egg.Boot(func(p portHolder) earlyHook { return earlyHook{} })))
	mustContain(t, err.Error(), "requested while configs are still loading", "egg.ConfigOf[egg_test.portHolder]")
}

func TestConfigOfUnknownIsNil(t *testing.T) {
	app := build(t)
	if egg.ConfigOf[portHolder](app.Configs()) != nil {
		t.Error("ConfigOf of an undeclared type must be nil")
	}
	if egg.ConfigOf[egg.ServerConfig](app.Configs()).Port != 7001 {
		t.Error("default port must be 7001")
	}
}

func TestEnvListsAreTrimmed(t *testing.T) {
	t.Setenv("EGG_MIDDLEWARE", " a, b ,, c")
	var got []string
	err := newErr(t, fx.Invoke(func(c egg.HTTPConfig) { got = c.Middleware }))
	mustContain(t, err.Error(), `middleware "a" is listed in HTTPConfig but no module registers it`)
	app := build(t, egg.Module("m",
		egg.Middleware("a", func(next http.Handler) http.Handler { return next }),
		egg.Middleware("b", func(next http.Handler) http.Handler { return next }),
		egg.Middleware("c", func(next http.Handler) http.Handler { return next }),
	), fx.Invoke(func(c egg.HTTPConfig) { got = c.Middleware }))
	if strings.Join(got, "|") != "a|b|c" || strings.Join(app.Middleware(), "|") != "a|b|c" {
		t.Errorf("got %q", got)
	}
}

type tagDefaulted struct {
	Mode string `env:"MODE" envDefault:"from-tag"`
}

type tagRequired struct {
	Need string `env:"NEED,required"`
}

type tagSub struct {
	Deep string `env:"DEEP"`
}

type tagPointer struct {
	Sub *tagSub
}

// caarlos0/env's own features keep working when no variable of the
// config is set: envDefault, required and the walk into pointers.
func TestConfigEnvTagOptions(t *testing.T) {
	var d tagDefaulted
	start(t, egg.Module("tags", egg.Config(tagDefaulted{}), fx.Invoke(func(c tagDefaulted) { d = c })))
	if d.Mode != "from-tag" {
		t.Errorf("envDefault not applied: %q", d.Mode)
	}

	err := newErr(t, egg.Module("tags", egg.Config(tagRequired{})))
	mustContain(t, err.Error(), `module "tags"`, `TAGS_NEED`)

	t.Setenv("PTR_DEEP", "from-env")
	var p tagPointer
	start(t, egg.Module("ptr", egg.Config(tagPointer{Sub: &tagSub{}}), fx.Invoke(func(c tagPointer) { p = c })))
	if p.Sub == nil || p.Sub.Deep != "from-env" {
		t.Errorf("variable of a struct behind a pointer not applied: %+v", p.Sub)
	}
}
