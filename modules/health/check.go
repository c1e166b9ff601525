package health

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.uber.org/fx"
)

// Check is a readiness check: the app is ready only while every check's
// Func returns nil within its Timeout. contrib modules register one that
// pings their server (a database, Redis).
type Check struct {
	// Name identifies the check in the readiness body and the logs; it
	// must be unique in the app.
	Name string
	// Func reports whether the dependency can serve: nil is ready. It
	// runs on its own goroutine with a context that ends at Timeout;
	// honour it. A panic counts as a failure.
	Func func(ctx context.Context) error
	// Timeout bounds Func; 0 means Config.CheckTimeout (1s).
	Timeout time.Duration
}

// CheckGroup is the fx value group of readiness checks, for modules that
// provide a Check with fx.Annotate themselves instead of Register.
const CheckGroup = `group:"health.checks"`

// checkOut puts a Check in CheckGroup (an fx.Out result: fx.Annotate
// builds a dig container, seeded random source included, at each start).
type checkOut struct {
	fx.Out
	Check Check `group:"health.checks"`
}

// Register adds a readiness check from any module. v is a Check, or an fx
// constructor that returns one (optionally with an error), to use the
// module's services:
//
//	health.Register(func(db *sql.DB) health.Check {
//		return health.Check{Name: "db", Func: db.PingContext}
//	})
func Register(v any) fx.Option {
	if c, ok := v.(Check); ok {
		return fx.Provide(func() checkOut { return checkOut{Check: c} })
	}
	t := reflect.TypeOf(v)
	if t != nil && t.Kind() == reflect.Func && !reflect.ValueOf(v).IsNil() &&
		(t.NumOut() == 1 || t.NumOut() == 2 && t.Out(1) == reflect.TypeFor[error]()) && t.Out(0) == reflect.TypeFor[Check]() {
		return fx.Provide(fx.Annotate(v, fx.ResultTags(CheckGroup)))
	}
	where := "unknown place"
	if _, file, line, ok := runtime.Caller(1); ok {
		where = fmt.Sprintf("%s:%d", file, line)
	}
	return fx.Error(fmt.Errorf("health: Register(%T) at %s: pass a health.Check, or a constructor that returns one (optionally with an error)", v, where))
}

// Check statuses in the readiness body.
const (
	StatusOK      = "ok"
	StatusFail    = "fail"
	StatusTimeout = "timeout"
)

// CheckResult is one check's outcome.
type CheckResult struct {
	Name     string        `json:"name"`
	Status   string        `json:"status"`
	Error    string        `json:"error,omitempty"`
	Duration time.Duration `json:"-"`
	Millis   float64       `json:"duration_ms"`
}

// report is one run of every check.
type report struct {
	ok      bool
	results []CheckResult
}

// checker runs the checks concurrently, each with its timeout; a check
// still running from an earlier run (it ignored its context) is not
// started again but reported as timing out. Results are shared by
// concurrent callers and reused for cacheFor.
type checker struct {
	checks   []Check
	running  []atomic.Bool
	cacheFor time.Duration
	log      *slog.Logger
	base     context.Context
	cancel   context.CancelFunc

	mu       sync.Mutex
	last     *report
	lastAt   time.Time
	inflight chan struct{} // closed when the current run ends
	failing  []bool        // per check, for logging changes only
}

func newChecker(checks []Check, cfg Config, log *slog.Logger) (*checker, error) {
	seen := map[string]bool{}
	out := make([]Check, 0, len(checks))
	for i, c := range checks {
		switch {
		case c.Name == "":
			return nil, fmt.Errorf("health: readiness check #%d has no Name; name it after what it checks, e.g. \"db\"", i+1)
		case seen[c.Name]:
			return nil, fmt.Errorf("health: two readiness checks are named %q; give each a unique Name", c.Name)
		case c.Func == nil:
			return nil, fmt.Errorf("health: readiness check %q has no Func; give it a func(context.Context) error", c.Name)
		case c.Timeout < 0:
			return nil, fmt.Errorf("health: readiness check %q has Timeout %s; use 0 for Config.CheckTimeout or a positive duration", c.Name, c.Timeout)
		}
		seen[c.Name] = true
		if c.Timeout == 0 {
			c.Timeout = cfg.CheckTimeout
		}
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b Check) int { return strings.Compare(a.Name, b.Name) }) // fx groups have no order
	base, cancel := context.WithCancel(context.Background())
	return &checker{checks: out, running: make([]atomic.Bool, len(out)), cacheFor: cfg.CacheFor, log: log,
		base: base, cancel: cancel, failing: make([]bool, len(out))}, nil
}

// run returns the checks' results: cached, shared with a run in
// progress, or from a new run. ctx only bounds the wait for a run that
// another caller started.
func (c *checker) run(ctx context.Context) report {
	c.mu.Lock()
	if c.last != nil && time.Since(c.lastAt) < c.cacheFor {
		r := *c.last
		c.mu.Unlock()
		return r
	}
	if ch := c.inflight; ch != nil {
		c.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return report{}
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		return *c.last
	}
	ch := make(chan struct{})
	c.inflight = ch
	c.mu.Unlock()

	r := c.evaluate()

	c.mu.Lock()
	c.last, c.lastAt, c.inflight = &r, time.Now(), nil
	c.logChanges(r)
	c.mu.Unlock()
	close(ch)
	return r
}

// evaluate runs every check concurrently.
func (c *checker) evaluate() report {
	results := make([]CheckResult, len(c.checks))
	var wg sync.WaitGroup
	for i := range c.checks {
		if !c.running[i].CompareAndSwap(false, true) {
			results[i] = CheckResult{Name: c.checks[i].Name, Status: StatusTimeout,
				Error: "its previous run has not returned yet: the check ignores its context's deadline"}
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = c.one(i)
		}()
	}
	wg.Wait()
	r := report{ok: true, results: results}
	for i := range results {
		results[i].Millis = float64(results[i].Duration.Microseconds()) / 1000
		if results[i].Status != StatusOK {
			r.ok = false
		}
	}
	return r
}

// one runs check i with its timeout. Its goroutine may outlive the
// timeout when Func ignores the context; running[i] stays set until then.
func (c *checker) one(i int) CheckResult {
	chk := c.checks[i]
	ctx, cancel := context.WithTimeout(c.base, chk.Timeout)
	defer cancel()
	start := time.Now()
	done := make(chan error, 1)
	go func() {
		defer c.running[i].Store(false)
		done <- call(ctx, chk.Func)
	}()
	res := CheckResult{Name: chk.Name, Status: StatusOK}
	var err error
	select {
	case err = <-done:
	case <-ctx.Done():
		err = ctx.Err() // Func has not returned: it may ignore its context
	}
	res.Duration = time.Since(start)
	switch {
	case err == nil:
	case ctx.Err() != nil && errors.Is(err, context.DeadlineExceeded):
		res.Status, res.Error = StatusTimeout, fmt.Sprintf("did not pass within %s", chk.Timeout)
	default:
		res.Status, res.Error = StatusFail, err.Error()
	}
	return res
}

// call runs a check, turning a panic into its error.
func call(ctx context.Context, fn func(context.Context) error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panicked: %v", p)
		}
	}()
	return fn(ctx)
}

// logChanges logs a check that starts failing (warn) or passes again
// (info), once per change rather than once per probe. c.mu is held.
func (c *checker) logChanges(r report) {
	for i, res := range r.results {
		failing := res.Status != StatusOK
		if failing == c.failing[i] {
			continue
		}
		c.failing[i] = failing
		if failing {
			c.log.Warn("health: readiness check failing; the app answers 503 on readiness until it passes",
				"check", res.Name, "status", res.Status, "err", res.Error)
		} else {
			c.log.Info("health: readiness check passes again", "check", res.Name)
		}
	}
}

// close cancels the context of checks still running.
func (c *checker) close() { c.cancel() }
