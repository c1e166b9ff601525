// Package bench holds egg for Go's in-process benchmarks. Each benchmark is
// a pair measured in the same run; the names are the contract the numbers
// in bench/README.md are tracked by:
//
//	go test -run '^$' -bench . -benchmem ./bench/...
package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"runtime/metrics"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/bench/apps"
	"github.com/egg-go/egg/modules"
	"go.uber.org/fx"
)

// sink is a ResponseWriter that keeps nothing but reuses its header map, so
// the benchmarks count the framework's allocations, not a recorder's. Like
// net/http's own writer it takes strings without a copy (io.StringWriter).
type sink struct{ h http.Header }

func (s *sink) Header() http.Header               { return s.h }
func (s *sink) Write(b []byte) (int, error)       { return len(b), nil }
func (s *sink) WriteString(v string) (int, error) { return len(v), nil }
func (s *sink) WriteHeader(int)                   {}

func (s *sink) reset() { clear(s.h) }

func eggApp(b testing.TB, opts ...fx.Option) *egg.App {
	app, err := egg.New(append([]fx.Option{egg.Env("prod"), egg.BaseDir(b.TempDir()), egg.LogOutput(io.Discard),
		egg.Configure(func(c *egg.AppConfig) { c.DumpConfig = false })}, opts...)...)
	if err != nil {
		b.Fatal(err)
	}
	if err := app.Start(context.Background()); err != nil {
		b.Fatal(err)
	}
	// The stopped app is let go of: testing keeps the slice its cleanups
	// were in (and so this closure) after running them, and an app held
	// there would add its heap to the next run's, which the collector
	// then marks on every cycle (live-heap-B rose by the size of one app
	// from -count's second run on).
	b.Cleanup(func() { _ = app.Stop(context.Background()); app = nil })
	return app
}

// check serves one request and fails the benchmark if the answer is wrong,
// so a benchmark never measures an error path.
func check(b testing.TB, h http.Handler, path, want string) {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
	if w.Code != 200 || w.Body.String() != want {
		b.Fatalf("%s: %d %q, want %q", path, w.Code, w.Body.String(), want)
	}
}

func serveLoop(b *testing.B, h http.Handler, path string) {
	r := httptest.NewRequest("GET", path, nil)
	w := &sink{h: http.Header{}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h.ServeHTTP(w, r)
		w.reset()
	}
	reportLiveHeap(b)
}

// reportLiveHeap reports the heap still live after a full collection as
// "live-heap-B": the app's static heap, which every GC cycle marks again.
// A small live heap is collected often (GOGC's 4 MB minimum heap goal),
// so its marking shows in ns/op.
func reportLiveHeap(b *testing.B) {
	b.StopTimer()
	runtime.GC()
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() == metrics.KindUint64 {
		b.ReportMetric(float64(s[0].Value.Uint64()), "live-heap-B")
	}
}

// BenchmarkHello: GET /hello returning "Hello World" — bare chi against an
// egg app with its default stack (modules.Default(): every default module
// on), and egg-minimal: egg with onerror and bodyparser only.
func BenchmarkHello(b *testing.B) {
	b.Run("chi", func(b *testing.B) {
		h := apps.Chi()
		check(b, h, "/hello", "Hello World")
		serveLoop(b, h, "/hello")
	})
	b.Run("egg", func(b *testing.B) {
		app := eggApp(b, modules.Default(), apps.Egg())
		check(b, app, "/hello", "Hello World")
		serveLoop(b, app, "/hello")
	})
	b.Run("egg-minimal", func(b *testing.B) {
		app := eggApp(b, apps.Minimal(), apps.Egg())
		check(b, app, "/hello", "Hello World")
		serveLoop(b, app, "/hello")
	})
}

// BenchmarkJSON: GET /users/{id} returning {"id":..,"name":..} through
// three trivial middlewares; the egg side uses a request-scoped service,
// the chi side does the same work by hand.
func BenchmarkJSON(b *testing.B) {
	const want = `{"id":"42","name":"user 42"}`
	b.Run("chi", func(b *testing.B) {
		h := apps.Chi()
		check(b, h, "/users/42", want)
		serveLoop(b, h, "/users/42")
	})
	b.Run("egg", func(b *testing.B) {
		app := eggApp(b, modules.Default(), apps.Egg())
		check(b, app, "/users/42", want)
		serveLoop(b, app, "/users/42")
	})
	b.Run("egg-minimal", func(b *testing.B) {
		app := eggApp(b, apps.Minimal(), apps.Egg())
		check(b, app, "/users/42", want)
		serveLoop(b, app, "/users/42")
	})
}

// body is a request body that can be rewound, so a benchmark reuses one
// request without allocating a reader per iteration.
type body struct{ bytes.Reader }

func (*body) Close() error { return nil }

// checkCreate posts apps.CreateBody once and fails unless the answer is
// 201 with apps.CreatedBody, then checks that an invalid body is a 422.
func checkCreate(b testing.TB, h http.Handler) {
	for _, tc := range []struct {
		body, want string
		code       int
	}{
		{apps.CreateBody, apps.CreatedBody, http.StatusCreated},
		{`{"name":"A","email":"not an email","age":3}`, "", http.StatusUnprocessableEntity},
	} {
		w := httptest.NewRecorder()
		r := httptest.NewRequest("POST", "/users", strings.NewReader(tc.body))
		r.Header.Set("Content-Type", "application/json")
		h.ServeHTTP(w, r)
		if w.Code != tc.code || (tc.want != "" && w.Body.String() != tc.want) {
			b.Fatalf("POST /users %s: %d %q, want %d %q", tc.body, w.Code, w.Body.String(), tc.code, tc.want)
		}
	}
}

func createLoop(b *testing.B, h http.Handler) {
	data := []byte(apps.CreateBody)
	rb := &body{}
	r := httptest.NewRequest("POST", "/users", rb)
	r.Header.Set("Content-Type", "application/json")
	r.ContentLength = int64(len(data))
	w := &sink{h: http.Header{}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rb.Reset(data)
		h.ServeHTTP(w, r)
		w.reset()
	}
	reportLiveHeap(b)
}

// BenchmarkCreate: POST /users with a JSON body that is decoded, validated
// (the same go-playground/validator tags) and answered with 201 and JSON —
// chi with encoding/json and the validator by hand, egg with Ctx.Bind on
// the default stack and on the minimal one.
func BenchmarkCreate(b *testing.B) {
	b.Run("chi", func(b *testing.B) {
		h := apps.Chi()
		checkCreate(b, h)
		createLoop(b, h)
	})
	b.Run("egg", func(b *testing.B) {
		app := eggApp(b, modules.Default(), apps.Egg())
		checkCreate(b, app)
		createLoop(b, app)
	})
	b.Run("egg-minimal", func(b *testing.B) {
		app := eggApp(b, apps.Minimal(), apps.Egg())
		checkCreate(b, app)
		createLoop(b, app)
	})
}

// signIn gets a session cookie for apps.PageUser from GET /login.
func signIn(b testing.TB, h http.Handler) string {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/login?user="+apps.PageUser, nil))
	res := w.Result()
	if res.StatusCode != http.StatusNoContent || len(res.Cookies()) == 0 {
		b.Fatalf("GET /login: %d, cookies %v; want 204 and a session cookie", res.StatusCode, res.Cookies())
	}
	c := res.Cookies()[0]
	return c.Name + "=" + c.Value
}

// checkPage signs in, then fails unless GET /page answers 200 with
// testdata/page.golden.html (or, with -update, rewrites that file). It
// returns the request to repeat.
func checkPage(b testing.TB, h http.Handler) *http.Request {
	cookie := signIn(b, h)
	r := httptest.NewRequest("GET", "/page", nil)
	r.Header.Set("Cookie", cookie)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if *update {
		if err := os.WriteFile(pageGolden, w.Body.Bytes(), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	want, err := os.ReadFile(pageGolden)
	if err != nil {
		b.Fatal(err)
	}
	if w.Code != 200 || w.Body.String() != string(want) {
		b.Fatalf("GET /page: %d\n%s\nwant 200 and %s:\n%s", w.Code, w.Body.String(), pageGolden, want)
	}
	if ct := w.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
		b.Fatalf("GET /page: Content-Type %q, want text/html; charset=utf-8", ct)
	}
	return r
}

// BenchmarkPage: GET /page on the default stack — reads the session,
// translates two messages and renders a template in a layout; the answer
// must equal testdata/page.golden.html, which the Egg.js twin renders too.
func BenchmarkPage(b *testing.B) {
	b.Run("egg", func(b *testing.B) {
		app := eggApp(b, modules.Default(), apps.Egg(), apps.Page())
		r := checkPage(b, app)
		s := &sink{h: http.Header{}}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			app.ServeHTTP(s, r)
			s.reset()
		}
		reportLiveHeap(b)
	})
}

// scoped registers n request-scoped service types besides *apps.Users, so
// that Use has a realistic number of services to look through.
type svc[T any] struct{ n int }

type (
	s1 struct{}
	s2 struct{}
	s3 struct{}
	s4 struct{}
	s5 struct{}
	s6 struct{}
	s7 struct{}
)

func manyScoped() fx.Option {
	return egg.Module("scoped",
		egg.Scoped[*svc[s1]](func(*egg.Ctx) *svc[s1] { return &svc[s1]{} }),
		egg.Scoped[*svc[s2]](func(*egg.Ctx) *svc[s2] { return &svc[s2]{} }),
		egg.Scoped[*svc[s3]](func(*egg.Ctx) *svc[s3] { return &svc[s3]{} }),
		egg.Scoped[*svc[s4]](func(*egg.Ctx) *svc[s4] { return &svc[s4]{} }),
		egg.Scoped[*svc[s5]](func(*egg.Ctx) *svc[s5] { return &svc[s5]{} }),
		egg.Scoped[*svc[s6]](func(*egg.Ctx) *svc[s6] { return &svc[s6]{} }),
		egg.Scoped[*svc[s7]](func(*egg.Ctx) *svc[s7] { return &svc[s7]{} }),
	)
}

// BenchmarkUse: looking up a request-scoped service with egg.Use among 8
// registered types — hit (already built in this request) and miss (first
// use in a request: the scope is made and the factory runs). handle is the
// injected *egg.Service[T] path, for comparison.
func BenchmarkUse(b *testing.B) {
	app := eggApp(b, apps.Egg(), manyScoped())
	b.Run("hit", func(b *testing.B) {
		c := app.NewContext(context.Background())
		egg.Use[*apps.Users](c)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if egg.Use[*apps.Users](c) == nil {
				b.Fatal("nil")
			}
		}
	})
	b.Run("miss", func(b *testing.B) {
		const batch = 1024
		ctxs := make([]*egg.Ctx, batch)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if i%batch == 0 {
				b.StopTimer()
				for j := range ctxs {
					ctxs[j] = app.NewContext(context.Background())
				}
				b.StartTimer()
			}
			if egg.Use[*apps.Users](ctxs[i%batch]) == nil {
				b.Fatal("nil")
			}
		}
	})
	b.Run("handle", func(b *testing.B) {
		var h *egg.Service[*apps.Users]
		eggApp(b, apps.Egg(), fx.Populate(&h))
		c := app.NewContext(context.Background())
		h.Get(c)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if h.Get(c) == nil {
				b.Fatal("nil")
			}
		}
	})
}

type bootObj struct{ n int }

func (o *bootObj) DidLoad(context.Context) error { o.n++; return nil }

// trivialModules makes n modules, each providing a constructor (used by an
// invoke, so it runs) and a boot object with a DidLoad hook.
func trivialModules(n int) []fx.Option {
	opts := make([]fx.Option, n)
	for i := range opts {
		name := fmt.Sprintf("m%03d", i)
		opts[i] = egg.Module(name,
			fx.Provide(fx.Annotate(func() *bootObj { return &bootObj{} }, fx.ResultTags(`name:"`+name+`"`))),
			fx.Invoke(fx.Annotate(func(*bootObj) {}, fx.ParamTags(`name:"`+name+`"`))),
			egg.Boot(func() *bootObj { return &bootObj{} }),
		)
	}
	return opts
}

// BenchmarkBoot: building and starting (then stopping) an app with 10 and
// 200 trivial modules.
func BenchmarkBoot(b *testing.B) {
	for _, n := range []int{10, 200} {
		b.Run(fmt.Sprintf("modules=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				opts := append([]fx.Option{egg.Env("prod"), egg.BaseDir(dir), egg.LogOutput(io.Discard),
					egg.Configure(func(c *egg.AppConfig) { c.DumpConfig = false })}, trivialModules(n)...)
				app, err := egg.New(opts...)
				if err != nil {
					b.Fatal(err)
				}
				if err := app.Start(context.Background()); err != nil {
					b.Fatal(err)
				}
				if err := app.Stop(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
