package egg_test

import (
	"errors"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/egg-go/egg"
)

var generatedID = regexp.MustCompile(`^[0-9a-v]{10}-[0-9a-v]{1,13}$`)

// Every response egg serves carries a request id: the client's when it is
// sane, else a generated one, whether or not anything used it.
func TestEveryResponseCarriesARequestID(t *testing.T) {
	app := start(t, withRoutes(func(r *egg.Router) {
		r.Get("/quiet", func(c *egg.Ctx) error { return c.Text(200, "") })
		r.Get("/use", func(c *egg.Ctx) error { return c.Text(200, c.RequestID()) })
		r.Get("/fail", func(c *egg.Ctx) error { return errors.New("boom") })
		r.Get("/panic", func(c *egg.Ctx) error { panic("boom") })
		r.Get("/empty", func(c *egg.Ctx) error { return nil })
		r.Mount("/std", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(204) }))
	}))
	for _, path := range []string{"/quiet", "/use", "/fail", "/panic", "/empty", "/std", "/missing"} {
		w := serve(app, "GET", path, nil)
		if id := w.Header().Get("X-Request-Id"); !generatedID.MatchString(id) {
			t.Errorf("%s (%d): X-Request-Id %q", path, w.Code, id)
		}
		if w := serve(app, "POST", path, nil); !generatedID.MatchString(w.Header().Get("X-Request-Id")) {
			t.Errorf("POST %s (%d): X-Request-Id %q", path, w.Code, w.Header().Get("X-Request-Id"))
		}
	}
	w := serve(app, "GET", "/use", nil)
	if id := w.Header().Get("X-Request-Id"); id != w.Body.String() {
		t.Errorf("header %q, c.RequestID() %q", id, w.Body.String())
	}
	if w := serve(app, "GET", "/use", nil, "X-Request-Id", "abc-123"); w.Header().Get("X-Request-Id") != "abc-123" || w.Body.String() != "abc-123" {
		t.Errorf("incoming id not kept: %v %q", w.Header(), w.Body.String())
	}
	for _, bad := range []string{"<script>", strings.Repeat("a", 129), "a b", "x\u00e9", ""} {
		w := serve(app, "GET", "/use", nil, "X-Request-Id", bad)
		if id := w.Header().Get("X-Request-Id"); !generatedID.MatchString(id) || id != w.Body.String() {
			t.Errorf("spoofed id %q became %q (body %q)", bad, id, w.Body.String())
		}
	}
}

func TestRequestIDOnTheNotStartedAnswer(t *testing.T) {
	app := build(t, withRoutes(func(r *egg.Router) {}))
	w := serve(app, "GET", "/", nil)
	if w.Code != 503 || !generatedID.MatchString(w.Header().Get("X-Request-Id")) {
		t.Errorf("%d %v", w.Code, w.Header())
	}
}

func TestGeneratedRequestIDsAreUnique(t *testing.T) {
	app := ctxApp(t, func(c *egg.Ctx) error { return nil })
	other := ctxApp(t, func(c *egg.Ctx) error { return nil })
	const workers, each = 8, 250
	var mu sync.Mutex
	seen := map[string]bool{}
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			h := http.Handler(app)
			if i%2 == 1 {
				h = other // two apps in one process never share an id
			}
			for j := 0; j < each; j++ {
				id := serve(h, "GET", "/", nil).Header().Get("X-Request-Id")
				mu.Lock()
				if seen[id] || !generatedID.MatchString(id) {
					t.Errorf("duplicate or malformed id %q", id)
				}
				seen[id] = true
				mu.Unlock()
			}
		}(i)
	}
	wg.Wait()
	if len(seen) != workers*each {
		t.Errorf("%d ids for %d requests", len(seen), workers*each)
	}
}

func TestRequestIDUnderACustomHeader(t *testing.T) {
	app := ctxApp(t, func(c *egg.Ctx) error { return c.Text(200, c.RequestID()) },
		egg.Configure(func(c *egg.HTTPConfig) { c.RequestIDHeader = "x-trace-id" }))
	w := serve(app, "GET", "/", nil, "X-Trace-Id", "t-1")
	if w.Header().Get("X-Trace-Id") != "t-1" || w.Header().Get("X-Request-Id") != "" || w.Body.String() != "t-1" {
		t.Errorf("%v %q", w.Header(), w.Body.String())
	}
	w = serve(app, "GET", "/", nil)
	if id := w.Header().Get("X-Trace-Id"); !generatedID.MatchString(id) || id != w.Body.String() {
		t.Errorf("%v %q", w.Header(), w.Body.String())
	}
}
