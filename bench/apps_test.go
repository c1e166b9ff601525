package bench

import (
	"flag"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/bench/apps"
	"github.com/egg-go/egg/modules"
)

// pageGolden is the HTML GET /page must answer, byte for byte; the Egg.js
// twin (bench/eggjs) is checked against it by bench/compare.sh.
const pageGolden = "testdata/page.golden.html"

var update = flag.Bool("update", false, "rewrite "+pageGolden+" from the egg app's answer")

// TestApps checks every route the benchmarks drive, on every stack, so that
// `go test ./bench/` catches a wrong answer without running a benchmark.
func TestApps(t *testing.T) {
	stacks := []struct {
		name string
		h    func(t *testing.T) http.Handler
	}{
		{"chi", func(*testing.T) http.Handler { return apps.Chi() }},
		{"egg", func(t *testing.T) http.Handler { return eggApp(t, modules.Default(), apps.Egg()) }},
		{"egg-minimal", func(t *testing.T) http.Handler { return eggApp(t, apps.Minimal(), apps.Egg()) }},
	}
	for _, st := range stacks {
		t.Run(st.name, func(t *testing.T) {
			h := st.h(t)
			check(t, h, "/hello", "Hello World")
			check(t, h, "/users/42", `{"id":"42","name":"user 42"}`)
			checkCreate(t, h)
		})
	}
	t.Run("page", func(t *testing.T) {
		checkPage(t, eggApp(t, modules.Default(), apps.Egg(), apps.Page()))
	})
}

// TestPageErrors: the page's error paths answer 4xx or a redirect, never
// a 500.
func TestPageErrors(t *testing.T) {
	app := eggApp(t, modules.Default(), apps.Egg(), apps.Page())
	for _, tc := range []struct {
		name, path, cookie string
		code               int
	}{
		{"no session", "/page", "", http.StatusFound},
		{"tampered session cookie", "/page", "EGG_SESS=bm90IGEgc2Vzc2lvbg", http.StatusFound},
		{"login without user", "/login", "", http.StatusBadRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", tc.path, nil)
			if tc.cookie != "" {
				r.Header.Set("Cookie", tc.cookie)
			}
			w := httptest.NewRecorder()
			app.ServeHTTP(w, r)
			if w.Code != tc.code {
				t.Fatalf("GET %s: %d %q, want %d", tc.path, w.Code, w.Body.String(), tc.code)
			}
		})
	}
}

// TestCreateErrors: bad create bodies are 4xx on both egg stacks, never a
// 500.
func TestCreateErrors(t *testing.T) {
	for _, stack := range []egg.FrameworkOption{modules.Default(), apps.Minimal()} {
		app := eggApp(t, stack, apps.Egg())
		for _, tc := range []struct {
			name, ct, body string
			code           int
		}{
			{"malformed JSON", "application/json", `{"name":`, http.StatusBadRequest},
			{"wrong type", "application/json", `{"name":"Ada","email":"a@b.c","age":"x"}`, http.StatusUnprocessableEntity},
			{"missing fields", "application/json", `{}`, http.StatusUnprocessableEntity},
			{"text body", "text/plain", `hello`, http.StatusUnsupportedMediaType},
		} {
			t.Run(stack.Name()+"/"+tc.name, func(t *testing.T) {
				r := httptest.NewRequest("POST", "/users", strings.NewReader(tc.body))
				r.Header.Set("Content-Type", tc.ct)
				w := httptest.NewRecorder()
				app.ServeHTTP(w, r)
				if w.Code != tc.code {
					t.Fatalf("POST /users %s: %d %q, want %d", tc.body, w.Code, w.Body.String(), tc.code)
				}
			})
		}
	}
}
