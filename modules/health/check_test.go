package health_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/health"
	"go.uber.org/fx"
)

type readyBody struct {
	Status string
	Checks []health.CheckResult
}

func (b readyBody) check(name string) health.CheckResult {
	for _, c := range b.Checks {
		if c.Name == name {
			return c
		}
	}
	return health.CheckResult{}
}

func TestChecksOKFailingSlowPanicking(t *testing.T) {
	app := eggtest.New(t, health.Module,
		health.Register(health.Check{Name: "ok", Func: func(context.Context) error { return nil }}),
		health.Register(func() (health.Check, error) { // a constructor, as a module with a client writes it
			return health.Check{Name: "db", Func: func(context.Context) error { return errors.New("dial tcp 10.0.0.5:5432: connection refused") }}, nil
		}),
		health.Register(health.Check{Name: "slow", Timeout: 50 * time.Millisecond, Func: func(ctx context.Context) error {
			<-ctx.Done()
			return ctx.Err()
		}}),
		health.Register(health.Check{Name: "boom", Func: func(context.Context) error { panic("nil map") }}),
	)
	var b readyBody
	app.GET("/readyz").Do().Status(503).JSON(&b)
	if b.Status != "unavailable" || len(b.Checks) != 4 {
		t.Fatalf("%+v", b)
	}
	wants := map[string][2]string{
		"ok":   {"ok", ""},
		"db":   {"fail", "dial tcp 10.0.0.5:5432: connection refused"},
		"slow": {"timeout", "did not pass within 50ms"},
		"boom": {"fail", "panicked: nil map"},
	}
	for i, name := range []string{"boom", "db", "ok", "slow"} { // by name
		c := b.Checks[i]
		if c.Name != name || c.Status != wants[name][0] || c.Error != wants[name][1] {
			t.Errorf("check %d: %+v, want %s %v", i, c, name, wants[name])
		}
	}
	if d := b.check("slow").Millis; d < 50 {
		t.Errorf("slow took %vms, less than its timeout", d)
	}
	app.ExpectLog(`msg="health: readiness check failing; the app answers 503 on readiness until it passes" logger=health check=db status=fail`)
	// liveness does not depend on checks
	app.GET("/healthz").Do().Status(200)
}

// Outside local and unittest the body has each check's status but not
// its error text; the log has it.
func TestCheckErrorsHiddenInProd(t *testing.T) {
	app := eggtest.New(t, health.Module, egg.Env("prod"),
		health.Register(health.Check{Name: "db", Func: func(context.Context) error { return errors.New("password authentication failed for user shop") }}))
	res := app.GET("/readyz").Do().Status(503)
	res.JSONEquals(`{"status":"unavailable","checks":[{"name":"db","status":"fail","duration_ms":` + jsonNumber(t, res.Body(), "duration_ms") + `}]}`)
	app.ExpectLog("password authentication failed")
}

// jsonNumber digs the literal of a number field out of a body.
func jsonNumber(t *testing.T, body, key string) string {
	_, rest, ok := strings.Cut(body, `"`+key+`":`)
	if !ok {
		t.Fatalf("no %s in %s", key, body)
	}
	end := strings.IndexAny(rest, ",}")
	return rest[:end]
}

// Checks run concurrently: each of these waits for the other to start.
func TestChecksRunConcurrently(t *testing.T) {
	aStarted, bStarted := make(chan struct{}), make(chan struct{})
	wait := func(mine, other chan struct{}) func(context.Context) error {
		return func(ctx context.Context) error {
			close(mine)
			select {
			case <-other:
				return nil
			case <-ctx.Done():
				return errors.New("the other check did not start while this one ran")
			}
		}
	}
	app := eggtest.New(t, health.Module,
		health.Register(health.Check{Name: "a", Timeout: 5 * time.Second, Func: wait(aStarted, bStarted)}),
		health.Register(health.Check{Name: "b", Timeout: 5 * time.Second, Func: wait(bStarted, aStarted)}))
	app.GET("/readyz").Do().Status(200)
}

// Results are reused for CacheFor, and probes arriving during a run wait
// for it instead of starting another.
func TestChecksShareRuns(t *testing.T) {
	var calls atomic.Int32
	entered, release := make(chan struct{}, 1), make(chan struct{})
	check := health.Check{Name: "db", Timeout: 5 * time.Second, Func: func(ctx context.Context) error {
		calls.Add(1)
		entered <- struct{}{}
		<-release
		return nil
	}}
	app := eggtest.New(t, health.Module, health.Register(check),
		egg.Configure(func(c *health.Config) { c.CacheFor = time.Hour }))
	var wg sync.WaitGroup
	for range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			app.GET("/readyz").Do().Status(200)
		}()
	}
	<-entered
	time.Sleep(20 * time.Millisecond) // let the others arrive during the run (or after it: then the cache answers)
	close(release)
	wg.Wait()
	app.GET("/readyz").Do().Status(200)
	if n := calls.Load(); n != 1 {
		t.Errorf("the check ran %d times for 6 probes within CacheFor", n)
	}
}

func TestCacheForZeroRunsEveryProbe(t *testing.T) {
	var calls atomic.Int32
	app := eggtest.New(t, health.Module,
		health.Register(health.Check{Name: "db", Func: func(context.Context) error { calls.Add(1); return nil }}),
		egg.Configure(func(c *health.Config) { c.CacheFor = 0 }))
	for range 3 {
		app.GET("/readyz").Do().Status(200)
	}
	if n := calls.Load(); n != 3 {
		t.Errorf("ran %d times, want 3", n)
	}
}

// A check that ignores its context times out, is not started again while
// it still runs, and passes again once it returns; the log says so once
// per change.
func TestCheckIgnoringItsContext(t *testing.T) {
	var calls atomic.Int32
	stuck := make(chan struct{})
	returned := make(chan struct{}, 1)
	app := eggtest.New(t, health.Module,
		health.Register(health.Check{Name: "stubborn", Timeout: 20 * time.Millisecond, Func: func(context.Context) error {
			if calls.Add(1) == 1 {
				<-stuck
				returned <- struct{}{}
			}
			return nil
		}}),
		egg.Configure(func(c *health.Config) { c.CacheFor = 0 }))
	var b readyBody
	app.GET("/readyz").Do().Status(503).JSON(&b)
	if c := b.check("stubborn"); c.Status != "timeout" || c.Error != "did not pass within 20ms" {
		t.Errorf("first: %+v", c)
	}
	app.GET("/readyz").Do().Status(503).JSON(&b)
	if c := b.check("stubborn"); c.Status != "timeout" || !strings.Contains(c.Error, "its previous run has not returned yet") {
		t.Errorf("second: %+v", c)
	}
	close(stuck)
	<-returned
	for deadline := time.Now().Add(2 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		// the running flag clears right after Func returns
		if app.GET("/readyz").Do().Code() == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("still not ready after the check returned")
		}
	}
	if n := calls.Load(); n < 2 {
		t.Errorf("check ran %d times", n)
	}
	var failing, passing int
	for _, l := range app.Logs() {
		failing += strings.Count(l, "readiness check failing")
		passing += strings.Count(l, "readiness check passes again")
	}
	if failing != 1 || passing != 1 {
		t.Errorf("logged failing %d and passing %d times, want once each", failing, passing)
	}
}

// Probes.Ready says what the readiness probe would answer.
func TestProbesReady(t *testing.T) {
	var p *health.Probes
	eggtest.New(t, health.Module, fx.Populate(&p),
		health.Register(health.Check{Name: "db", Func: func(context.Context) error { return nil }}))
	ok, results := p.Ready(context.Background())
	if !ok || len(results) != 1 || results[0].Status != "ok" {
		t.Errorf("%v %+v", ok, results)
	}
}
