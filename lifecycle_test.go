package egg_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

func TestPhasesAreBarriersInLoadOrder(t *testing.T) {
	var log []string
	app := build(t,
		mod("a", &log), mod("b", &log, egg.Requires("a")),
		egg.Boot(phaseHook{"app", &log}),
	)
	if err := app.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := app.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := "a.DidLoad b.DidLoad app.DidLoad a.WillReady b.WillReady app.WillReady a.DidReady b.DidReady app.DidReady " +
		"a.ServerDidReady b.ServerDidReady app.ServerDidReady app.BeforeClose b.BeforeClose a.BeforeClose"
	if got := strings.Join(log, " "); got != want {
		t.Errorf("phases:\n got %s\nwant %s", got, want)
	}
}

type configPhases struct{ log *[]string }

func (h configPhases) ConfigWillLoad(cs *egg.Configs) error {
	*h.log = append(*h.log, "ConfigWillLoad")
	c := egg.ConfigOf[egg.HTTPConfig](cs)
	c.Middleware = append(c.Middleware, "inserted")
	return nil
}

func (h configPhases) ConfigDidLoad(cs *egg.Configs) error {
	*h.log = append(*h.log, "ConfigDidLoad:"+strings.Join(egg.ConfigOf[egg.HTTPConfig](cs).Middleware, ","))
	return nil
}

func (h configPhases) DidLoad(context.Context) error {
	*h.log = append(*h.log, "DidLoad")
	return nil
}

func TestConfigPhasesRunAtBuildAndMayEditConfig(t *testing.T) {
	var log []string
	var seen egg.HTTPConfig
	app := build(t, egg.Module("m",
		egg.Boot(configPhases{&log}),
		egg.Middleware("inserted", func(next http.Handler) http.Handler { return next }),
		fx.Invoke(func(c egg.HTTPConfig) { seen = c }),
	))
	if got := strings.Join(log, " "); got != "ConfigWillLoad ConfigDidLoad:inserted" {
		t.Errorf("at build: %s", got)
	}
	if strings.Join(seen.Middleware, ",") != "inserted" {
		t.Errorf("modules must see the hook's edit: %v", seen.Middleware)
	}
	if got := strings.Join(app.Middleware(), ","); got != "inserted" {
		t.Errorf("chain = %s", got)
	}
}

type failing struct {
	phase string
	log   *[]string
}

func (f failing) fail(p string) error {
	*f.log = append(*f.log, "bad."+p)
	if p == f.phase {
		return errors.New("database unreachable")
	}
	return nil
}
func (f failing) DidLoad(context.Context) error   { return f.fail("DidLoad") }
func (f failing) WillReady(context.Context) error { return f.fail("WillReady") }
func (f failing) DidReady(context.Context) error  { return f.fail("DidReady") }
func (f failing) BeforeClose(context.Context) error {
	*f.log = append(*f.log, "bad.BeforeClose")
	return nil
}

func TestFailingHookAbortsStartAndClosesWhatStarted(t *testing.T) {
	for _, phase := range []string{"DidLoad", "WillReady", "DidReady"} {
		t.Run(phase, func(t *testing.T) {
			var log []string
			app := build(t, mod("good", &log), egg.Module("bad", egg.Boot(failing{phase, &log})))
			err := app.Start(context.Background())
			if err == nil {
				t.Fatal("start succeeded")
			}
			mustContain(t, err.Error(), `module "bad" `+phase+` failed`, "egg_test.failing", "database unreachable")
			var he *egg.HookError
			if !errors.As(err, &he) || he.Module != "bad" || he.Phase != phase {
				t.Errorf("want a HookError for bad/%s, got %#v", phase, err)
			}
			mustContain(t, strings.Join(log, " "), "good.BeforeClose")
			if closedBad := strings.Contains(strings.Join(log, " "), "bad.BeforeClose"); closedBad == (phase == "DidLoad") {
				t.Errorf("a failed DidLoad is not closed, a loaded one is: %v", log)
			}
		})
	}
}

type configFail struct{}

func (configFail) ConfigWillLoad(*egg.Configs) error { return errors.New("no such profile") }

func TestFailingConfigHookFailsBuild(t *testing.T) {
	err := newErr(t, egg.Module("profiles", egg.Boot(configFail{})))
	mustContain(t, err.Error(), `module "profiles" ConfigWillLoad failed`, "no such profile")
}

type hung struct{ release chan struct{} }

func (h hung) WillReady(ctx context.Context) error {
	select {
	case <-ctx.Done():
	case <-h.release:
	}
	return nil
}

func TestHungHookIsNamedWhenStartTimesOut(t *testing.T) {
	h := hung{release: make(chan struct{})}
	defer close(h.release)
	app := build(t, egg.StartTimeout(50*time.Millisecond), egg.Module("slowdb", egg.Boot(h)))
	err := app.Start(context.Background())
	if err == nil {
		t.Fatal("start did not time out")
	}
	mustContain(t, err.Error(), `module "slowdb" WillReady failed (egg_test.hung)`, "start-up timed out while this hook was still running")
}

func TestBootConstructorWithDependencies(t *testing.T) {
	type db struct{ name string }
	var log []string
	start(t,
		fx.Provide(func() *db { return &db{"main"} }),
		egg.Module("m", egg.Boot(func(d *db) (phaseHook, error) { return phaseHook{d.name, &log}, nil })),
	)
	if len(log) == 0 || log[0] != "main.DidLoad" {
		t.Errorf("constructed boot object did not run: %v", log)
	}
}

func TestBootConstructorError(t *testing.T) {
	err := newErr(t, egg.Module("m", egg.Boot(func() (phaseHook, error) { return phaseHook{}, errors.New("bad creds") })))
	mustContain(t, err.Error(), "bad creds")
}

func TestBadBootArguments(t *testing.T) {
	mustContain(t, newErr(t, egg.Module("m", egg.Boot(nil))).Error(), "egg.Boot(nil)")
	mustContain(t, newErr(t, egg.Module("m", egg.Boot(func() {}))).Error(), "a boot constructor returns the boot object")
}

func TestTimingsRecorded(t *testing.T) {
	var log []string
	app := start(t, mod("a", &log))
	var phases []string
	for _, tm := range app.Timings() {
		if tm.Module == "a" {
			phases = append(phases, tm.Phase)
		}
	}
	if got := strings.Join(phases, ","); got != "DidLoad,WillReady,DidReady,ServerDidReady" {
		t.Errorf("timings for a: %s", got)
	}
}
