// Command bootprof shows where the start-up of the bench egg server goes
// (bench/servers/egg: the same options, the same stacks), split into the
// steps egg.Run takes, with fx's own record of each constructor and invoke.
//
//	bootprof [-config default|minimal] [-n 20]             # n fresh processes, median per step
//	bootprof -inprocess [-n 200] [-cpuprofile f] [-memprofile f] [-trace f]
//	                                                        # n boots in this process, allocations per boot
//	bootprof -fx [-config default]                          # one boot: fx's work per module and package
//	bootprof -fxfloor 80 [-n 21]                            # fx.New alone with 80 trivial provide+invoke pairs
//
// BOOTPROF_LIST=1 with -fx also lists every provide on stderr.
//
// Steps of one start: exec (fork/exec, runtime and package init, until
// main runs: only with fresh processes), plan (egg reads the options, orders
// the modules and loads their configs), fx.New (every constructor and
// invoke: the modules' own setup), start (the boot phases and the
// listener), first (the first GET /hello over loopback answers 200).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"reflect"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/bench/apps"
	"github.com/egg-go/egg/modules"
	"github.com/egg-go/egg/modules/health"
	"go.uber.org/fx"
	"go.uber.org/fx/fxevent"
)

var steps = []string{"exec", "plan", "fx.New", "start", "first", "total"}

func main() {
	var (
		config    = flag.String("config", "default", "stack: default (modules.Default() and the page) or minimal")
		n         = flag.Int("n", 20, "number of starts")
		inprocess = flag.Bool("inprocess", false, "start n times in this process (for -cpuprofile and -trace)")
		fxWork    = flag.Bool("fx", false, "start once and print fx's time per module, constructor and invoke")
		cpuprof   = flag.String("cpuprofile", "", "with -inprocess: write a CPU profile")
		traceOut  = flag.String("trace", "", "with -inprocess: write an execution trace")
		memprof   = flag.String("memprofile", "", "with -inprocess: write an allocation profile (every allocation)")
		child     = flag.Bool("child", false, "internal: one start in a fresh process, report on stdout")
		fxFloor   = flag.Int("fxfloor", 0, "time fx.New alone with this many trivial fx.Provide + fx.Invoke pairs, once per fresh process (-n processes)")
	)
	flag.Parse()
	if *memprof != "" {
		runtime.MemProfileRate = 1
	}
	if *fxFloor > 0 {
		if err := floor(*fxFloor, *n, *child); err != nil {
			fmt.Fprintln(os.Stderr, "bootprof:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*config, *n, *inprocess, *fxWork, *child, *cpuprof, *traceOut); err != nil {
		fmt.Fprintln(os.Stderr, "bootprof:", err)
		os.Exit(1)
	}
	if *memprof != "" {
		f, err := os.Create(*memprof)
		if err == nil {
			err = pprof.Lookup("allocs").WriteTo(f, 0)
			f.Close()
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "bootprof:", err)
			os.Exit(1)
		}
	}
}

func run(config string, n int, inprocess, fxWork, child bool, cpuprof, traceOut string) error {
	switch {
	case child:
		t0, err := strconv.ParseInt(os.Getenv("BOOTPROF_T0"), 10, 64)
		if err != nil {
			return fmt.Errorf("BOOTPROF_T0: %w", err)
		}
		d, err := boot(config, time.Unix(0, t0), nil)
		if err != nil {
			return err
		}
		return json.NewEncoder(os.Stdout).Encode(d)
	case fxWork:
		rec := &recorder{}
		if _, err := boot(config, time.Time{}, rec); err != nil {
			return err
		}
		rec.print(os.Stdout)
		return nil
	case inprocess:
		if cpuprof != "" {
			f, err := os.Create(cpuprof)
			if err != nil {
				return err
			}
			defer f.Close()
			if err := pprof.StartCPUProfile(f); err != nil {
				return err
			}
			defer pprof.StopCPUProfile()
		}
		if traceOut != "" {
			f, err := os.Create(traceOut)
			if err != nil {
				return err
			}
			defer f.Close()
			if err := trace.Start(f); err != nil {
				return err
			}
			defer trace.Stop()
		}
		var all []map[string]float64
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		for range n {
			d, err := boot(config, time.Time{}, nil)
			if err != nil {
				return err
			}
			all = append(all, d)
		}
		runtime.ReadMemStats(&m1)
		report(os.Stdout, config, "in process", all)
		fmt.Printf("\nper start: %d allocations, %.0f KB allocated; %.1f GC cycles\n", (m1.Mallocs-m0.Mallocs)/uint64(n),
			float64(m1.TotalAlloc-m0.TotalAlloc)/float64(n)/1024, float64(m1.NumGC-m0.NumGC)/float64(n))
		return nil
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	var all []map[string]float64
	for range n {
		cmd := exec.Command(self, "-child", "-config", config)
		cmd.Stderr = os.Stderr
		t0 := time.Now()
		cmd.Env = append(os.Environ(), "BOOTPROF_T0="+strconv.FormatInt(t0.UnixNano(), 10))
		out, err := cmd.Output()
		if err != nil {
			return fmt.Errorf("child: %w", err)
		}
		var d map[string]float64
		if err := json.Unmarshal(out, &d); err != nil {
			return fmt.Errorf("child said %q: %w", out, err)
		}
		all = append(all, d)
	}
	report(os.Stdout, config, "fresh processes", all)
	return nil
}

// options are bench/servers/egg's, with the server on a free port, logs
// discarded, no run/ files and no drain delay on stop.
func options(config, dir string) ([]fx.Option, error) {
	var opts []fx.Option
	switch config {
	case "default":
		opts = []fx.Option{modules.Default(), apps.Page()}
	case "minimal":
		opts = []fx.Option{apps.Minimal()}
	default:
		return nil, fmt.Errorf("-config %q: use default or minimal", config)
	}
	if config == "default" {
		opts = append(opts, egg.Configure(func(c *health.Config) { c.DrainDelay = 0 }))
	}
	return append(opts,
		egg.Name("bench"), egg.Env("prod"), egg.BaseDir(dir), egg.LogOutput(io.Discard), egg.WithServer(),
		egg.Configure(func(c *egg.ServerConfig) { c.Host, c.Port, c.DrainTimeout = "127.0.0.1", 0, 0 }),
		egg.Configure(func(c *egg.AppConfig) { c.DumpConfig = false }),
		apps.Egg(),
	), nil
}

// boot starts the app once and returns each step's milliseconds; with
// t0 set (a fresh process), also the time from t0 to main.
func boot(config string, t0 time.Time, rec *recorder) (map[string]float64, error) {
	d := map[string]float64{}
	t := time.Now()
	if !t0.IsZero() {
		d["exec"] = ms(t.Sub(t0))
	} else {
		t0 = t
	}
	dir, err := os.MkdirTemp("", "bootprof")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	opts, err := options(config, dir)
	if err != nil {
		return nil, err
	}
	mark := func(step string) { now := time.Now(); d[step] = ms(now.Sub(t)); t = now }
	opt := egg.Options(opts...) // reads the options, plans, loads the configs
	mark("plan")
	var app *egg.App
	fxOpts := []fx.Option{opt, fx.Populate(&app)}
	if rec != nil {
		fxOpts = append(fxOpts, fx.WithLogger(func() fxevent.Logger { return rec }))
	}
	fxApp := fx.New(fxOpts...)
	if err := fxApp.Err(); err != nil {
		return nil, egg.ExplainError(err)
	}
	mark("fx.New")
	ctx := context.Background()
	if err := fxApp.Start(ctx); err != nil {
		return nil, egg.ExplainError(err)
	}
	mark("start")
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Get("http://" + app.Addr() + "/hello")
	if err != nil {
		return nil, err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET /hello: %s", resp.Status)
	}
	mark("first")
	d["total"] = ms(time.Since(t0))
	if rec != nil {
		rec.timings = app.Timings()
	}
	return d, fxApp.Stop(ctx)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// report prints each step's median, min and max.
func report(w io.Writer, config, how string, all []map[string]float64) {
	fmt.Fprintf(w, "%s stack, %d starts (%s), ms:\n\n| step | median | min | max |\n|---|---:|---:|---:|\n", config, len(all), how)
	for _, s := range steps {
		var v []float64
		for _, d := range all {
			if x, ok := d[s]; ok {
				v = append(v, x)
			}
		}
		if len(v) == 0 {
			continue
		}
		slices.Sort(v)
		med := v[len(v)/2]
		if len(v)%2 == 0 {
			med = (v[len(v)/2-1] + v[len(v)/2]) / 2
		}
		fmt.Fprintf(w, "| %s | %.2f | %.2f | %.2f |\n", s, med, v[0], v[len(v)-1])
	}
}

// recorder is an fx event logger that keeps the run time of every
// constructor (fx's Run events) and invoke (Invoking to Invoked).
type recorder struct {
	mu       sync.Mutex
	runs     []fxRun
	invoking map[string]time.Time
	provides map[string]int // provides and supplies registered, per module
	byPkg    map[string]int // provides registered, per package of the constructor
	timings  []egg.Timing
}

type fxRun struct {
	module, kind, name string
	d                  time.Duration
}

// LogEvent implements fxevent.Logger.
func (r *recorder) LogEvent(ev fxevent.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.invoking == nil {
		r.invoking, r.provides, r.byPkg = map[string]time.Time{}, map[string]int{}, map[string]int{}
	}
	switch ev := ev.(type) {
	case *fxevent.Run:
		r.runs = append(r.runs, fxRun{ev.ModuleName, ev.Kind, ev.Name, ev.Runtime})
	case *fxevent.Provided:
		r.provides[ev.ModuleName]++
		r.byPkg[pkgOf(ev.ConstructorName)]++
		if os.Getenv("BOOTPROF_LIST") != "" {
			fmt.Fprintln(os.Stderr, "provide", ev.ConstructorName)
		}
	case *fxevent.Supplied:
		r.provides[ev.ModuleName]++
		r.byPkg["fx.Supply"]++
		if os.Getenv("BOOTPROF_LIST") != "" {
			fmt.Fprintln(os.Stderr, "supply", ev.TypeName)
		}
	case *fxevent.Invoking:
		r.invoking[ev.ModuleName+"\x00"+ev.FunctionName] = time.Now()
	case *fxevent.Invoked:
		k := ev.ModuleName + "\x00" + ev.FunctionName
		r.runs = append(r.runs, fxRun{ev.ModuleName, "invoke", ev.FunctionName, time.Since(r.invoking[k])})
	}
}

// print writes the time per module (constructors and invokes, which
// nest: an invoke's time includes the constructors it makes run), then
// the slowest constructors and the boot hooks.
func (r *recorder) print(w io.Writer) {
	type agg struct {
		provides, ctors, invokes int
		ctor, inv                time.Duration
	}
	mods := map[string]*agg{}
	get := func(m string) *agg {
		if mods[m] == nil {
			mods[m] = &agg{}
		}
		return mods[m]
	}
	for m, n := range r.provides {
		get(m).provides = n
	}
	for _, x := range r.runs {
		a := get(x.module)
		if x.kind == "invoke" {
			a.invokes++
			a.inv += x.d
		} else {
			a.ctors++
			a.ctor += x.d
		}
	}
	names := make([]string, 0, len(mods))
	for m := range mods {
		names = append(names, m)
	}
	sort.Slice(names, func(i, j int) bool { return mods[names[i]].ctor > mods[names[j]].ctor })
	fmt.Fprintln(w, "| fx module | provides | constructors run | their time ms | invokes | invoke time ms (incl. constructors) |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|")
	for _, m := range names {
		a := mods[m]
		name := m
		if name == "" {
			name = "(root)"
		}
		fmt.Fprintf(w, "| %s | %d | %d | %.3f | %d | %.3f |\n", name, a.provides, a.ctors, ms(a.ctor), a.invokes, ms(a.inv))
	}
	slices.SortFunc(r.runs, func(a, b fxRun) int { return int(b.d - a.d) })
	fmt.Fprintln(w, "\nslowest constructors and invokes:")
	for _, x := range r.runs[:min(15, len(r.runs))] {
		fmt.Fprintf(w, "  %8.3f ms  %-7s %-12s %s\n", ms(x.d), x.kind, x.module, x.name)
	}
	pkgs := make([]string, 0, len(r.byPkg))
	for p := range r.byPkg {
		pkgs = append(pkgs, p)
	}
	sort.Slice(pkgs, func(i, j int) bool { return r.byPkg[pkgs[i]] > r.byPkg[pkgs[j]] })
	fmt.Fprintln(w, "\nprovides by the constructor's package:")
	for _, p := range pkgs {
		fmt.Fprintf(w, "  %3d  %s\n", r.byPkg[p], p)
	}
	fmt.Fprintln(w, "\nboot hooks (egg.Timing):")
	for _, t := range r.timings {
		fmt.Fprintf(w, "  %8.3f ms  %-14s %-12s %s\n", ms(t.Duration), t.Phase, t.Module, t.Object)
	}
}

// pkgOf is the package path of a function name as fx prints it
// ("fx.Annotate(pkg.fn(), ...)" counts as fx.Annotate).
func pkgOf(fn string) string {
	if strings.HasPrefix(fn, "fx.Annotate(") {
		return "fx.Annotate"
	}
	if i := strings.LastIndex(fn, "/"); i >= 0 {
		if j := strings.Index(fn[i:], "."); j >= 0 {
			return fn[:i+j]
		}
	}
	if j := strings.Index(fn, "."); j >= 0 {
		return fn[:j]
	}
	return fn
}

// floor times fx.New of an app with k trivial pairs (a provide of a type
// of its own and an invoke that takes it), once in each of n fresh
// processes: what fx itself costs per provide and invoke at start-up,
// before any framework or module code. The types and functions are made
// with reflect (StructOf, MakeFunc), so each pair costs fx a little more
// than a compiled function would.
func floor(k, n int, child bool) error {
	if child {
		intT := reflect.TypeFor[int]()
		opts := []fx.Option{fx.NopLogger}
		for i := range k {
			t := reflect.StructOf([]reflect.StructField{{Name: "F" + strconv.Itoa(i), Type: intT}})
			ctor := reflect.MakeFunc(reflect.FuncOf(nil, []reflect.Type{t}, false),
				func([]reflect.Value) []reflect.Value { return []reflect.Value{reflect.New(t).Elem()} })
			use := reflect.MakeFunc(reflect.FuncOf([]reflect.Type{t}, nil, false),
				func([]reflect.Value) []reflect.Value { return nil })
			opts = append(opts, fx.Provide(ctor.Interface()), fx.Invoke(use.Interface()))
		}
		t0 := time.Now()
		app := fx.New(opts...)
		d := time.Since(t0)
		if err := app.Err(); err != nil {
			return err
		}
		fmt.Println(ms(d))
		return nil
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	var v []float64
	for range n {
		out, err := exec.Command(self, "-child", "-fxfloor", strconv.Itoa(k)).Output()
		if err != nil {
			return fmt.Errorf("child: %w", err)
		}
		x, err := strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
		if err != nil {
			return err
		}
		v = append(v, x)
	}
	slices.Sort(v)
	fmt.Printf("fx.New with %d provide+invoke pairs, %d fresh processes: median %.2f ms (%.2f–%.2f)\n", k, n, v[len(v)/2], v[0], v[len(v)-1])
	return nil
}
