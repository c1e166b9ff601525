package egg_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

type phaseHook struct {
	name string
	log  *[]string
}

func (h phaseHook) DidLoad(context.Context) error {
	*h.log = append(*h.log, h.name+".DidLoad")
	return nil
}
func (h phaseHook) WillReady(context.Context) error {
	*h.log = append(*h.log, h.name+".WillReady")
	return nil
}
func (h phaseHook) DidReady(context.Context) error {
	*h.log = append(*h.log, h.name+".DidReady")
	return nil
}
func (h phaseHook) ServerDidReady(context.Context) error {
	*h.log = append(*h.log, h.name+".ServerDidReady")
	return nil
}
func (h phaseHook) BeforeClose(context.Context) error {
	*h.log = append(*h.log, h.name+".BeforeClose")
	return nil
}

func mod(name string, log *[]string, opts ...fx.Option) egg.ModuleOption {
	return egg.Module(name, append(opts, egg.Boot(phaseHook{name, log}))...)
}

func TestModuleLoadOrder(t *testing.T) {
	tests := []struct {
		name string
		mods func(log *[]string) []fx.Option
		want string
	}{
		{"declaration order", func(l *[]string) []fx.Option {
			return []fx.Option{mod("a", l), mod("b", l), mod("c", l)}
		}, "a,b,c,app"},
		{"dependencies first", func(l *[]string) []fx.Option {
			return []fx.Option{mod("a", l, egg.Requires("c")), mod("b", l), mod("c", l)}
		}, "c,a,b,app"},
		{"optional orders when present", func(l *[]string) []fx.Option {
			return []fx.Option{mod("a", l, egg.Optional("b", "missing")), mod("b", l)}
		}, "b,a,app"},
		{"chain", func(l *[]string) []fx.Option {
			return []fx.Option{mod("a", l, egg.Requires("b")), mod("b", l, egg.Requires("c")), mod("c", l)}
		}, "c,b,a,app"},
		{"framework modules and nesting", func(l *[]string) []fx.Option {
			inner := egg.Framework("inner", mod("x", l))
			return []fx.Option{egg.Framework("outer", inner, mod("y", l)), mod("z", l, egg.Requires("x"))}
		}, "x,y,z,app"},
		{"disabled module is left out", func(l *[]string) []fx.Option {
			return []fx.Option{mod("a", l), mod("b", l), egg.Disable("a")}
		}, "b,app"},
		{"module limited to other envs", func(l *[]string) []fx.Option {
			return []fx.Option{mod("a", l, egg.Envs("prod")), mod("b", l, egg.Envs("unittest", "local"))}
		}, "b,app"},
		{"same declaration twice is one module", func(l *[]string) []fx.Option {
			m := mod("a", l)
			return []fx.Option{egg.Framework("f1", m), egg.Framework("f2", m)}
		}, "a,app"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var log []string
			app := build(t, append(tt.mods(&log), egg.Boot(phaseHook{"app", &log}))...)
			if err := app.Start(context.Background()); err != nil {
				t.Fatal(err)
			}
			if err := app.Stop(context.Background()); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, l := range log {
				if name, ok := strings.CutSuffix(l, ".DidLoad"); ok {
					got = append(got, name)
				}
			}
			if g := strings.Join(got, ","); g != tt.want {
				t.Errorf("load order %s, want %s", g, tt.want)
			}
		})
	}
}

func TestModuleWiringErrors(t *testing.T) {
	tests := []struct {
		name  string
		opts  []fx.Option
		wants []string
	}{
		{"missing required", []fx.Option{egg.Module("session", egg.Requires("redis"))},
			[]string{`module "session" requires module "redis"`, "not in the app", "add redis.Module"}},
		{"required but disabled", []fx.Option{egg.Module("session", egg.Requires("redis")), egg.Module("redis"), egg.Disable("redis")},
			[]string{`module "session" requires module "redis"`, `disabled by egg.Disable("redis")`}},
		{"required but off in env", []fx.Option{egg.Module("session", egg.Requires("redis")), egg.Module("redis", egg.Envs("prod"))},
			[]string{`requires module "redis"`, `off in env "unittest"`}},
		{"duplicate name", []fx.Option{egg.Module("a"), egg.Module("a")},
			[]string{`module "a" is declared twice`, "module_test.go"}},
		{"cycle", []fx.Option{egg.Module("a", egg.Requires("b")), egg.Module("b", egg.Requires("c")), egg.Module("c", egg.Requires("a"))},
			[]string{"cycle", "a → b → c → a"}},
		{"metadata outside a module", []fx.Option{egg.Requires("x")},
			[]string{"egg.Requires(x) can only be used inside egg.Module"}},
		{"framework inside a module", []fx.Option{egg.Module("m", egg.Framework("f"))},
			[]string{`framework "f"`, `inside module "m"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := newErr(t, tt.opts...)
			mustContain(t, err.Error(), tt.wants...)
			if strings.Count(err.Error(), "\n") > 0 {
				t.Errorf("want one line, got:\n%v", err)
			}
		})
	}
}

func TestModuleGivenToFxDirectly(t *testing.T) {
	app := fx.New(egg.Module("lonely"), fx.NopLogger)
	if app.Err() == nil {
		t.Fatal("fx accepted an egg module without egg")
	}
	mustContain(t, app.Err().Error(), `egg: module "lonely"`, "add it through egg.New, egg.Run or egg.Embed")
}

func TestPlainFxOptionsCompose(t *testing.T) {
	type dep struct{ n int }
	var got int
	start(t,
		fx.Provide(func() *dep { return &dep{n: 7} }),
		egg.Module("user", fx.Invoke(func(d *dep) { got = d.n })),
	)
	if got != 7 {
		t.Errorf("module did not receive the plain fx dependency: %d", got)
	}
}

func TestAppIdentity(t *testing.T) {
	dir := t.TempDir()
	var injected *egg.App
	app := start(t, egg.Name("shop"), egg.BaseDir(dir), fx.Invoke(func(a *egg.App) { injected = a }))
	if injected != app {
		t.Error("the injected *egg.App is not the app New returned")
	}
	if app.Name() != "shop" || app.Env() != "unittest" || app.BaseDir() != dir {
		t.Errorf("name/env/dir = %s/%s/%s", app.Name(), app.Env(), app.BaseDir())
	}
	if app.Addr() != "" {
		t.Errorf("egg.New must not listen; Addr = %q", app.Addr())
	}
}

func TestEnvFromEnvironment(t *testing.T) {
	t.Setenv("EGG_SERVER_ENV", "staging")
	app, err := egg.New(egg.BaseDir(t.TempDir()), egg.Configure(func(c *egg.AppConfig) { c.DumpConfig = false }))
	if err != nil {
		t.Fatal(err)
	}
	if app.Env() != "staging" {
		t.Errorf("env = %q, want staging from EGG_SERVER_ENV", app.Env())
	}
	t.Setenv("EGG_SERVER_ENV", "")
	app, err = egg.New(egg.BaseDir(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	if app.Env() != "local" {
		t.Errorf("default env = %q, want local", app.Env())
	}
}

func TestFxWiringErrorsAreOneLine(t *testing.T) {
	type db struct{}
	err := newErr(t, egg.Module("users", fx.Invoke(func(*db) {})))
	mustContain(t, err.Error(), "egg: nothing provides *egg_test.db", "module_test.go", "add the module that provides it")
	err = newErr(t, egg.Module("users",
		fx.Provide(func() (*db, error) { return nil, errors.New("dial tcp: refused") }), fx.Invoke(func(*db) {})))
	mustContain(t, err.Error(), "egg: constructor github.com/egg-go/egg_test.TestFxWiringErrorsAreOneLine", "failed: dial tcp: refused")
	if strings.Contains(err.Error(), "\n") {
		t.Errorf("one line: %q", err)
	}
}

func TestExplainErrorForOwnFxApps(t *testing.T) {
	type cache struct{}
	app := fx.New(egg.Options(egg.Env("unittest"), egg.LogOutput(io.Discard), fx.Invoke(func(*cache) {})))
	err := egg.ExplainError(app.Err())
	mustContain(t, err.Error(), "egg: nothing provides *egg_test.cache")
	if errors.Unwrap(err) == nil {
		t.Error("the fx chain stays reachable")
	}
	if egg.ExplainError(nil) != nil {
		t.Error("nil stays nil")
	}
}
