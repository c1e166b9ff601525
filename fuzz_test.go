package egg_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/egg-go/egg"
)

// FuzzRouteParams sends arbitrary paths and methods through a router with
// parameter, regexp, wildcard, resource and mounted routes: nothing may
// panic, every answer is a known status, and a matched parameter is the
// decoded path segment.
func FuzzRouteParams(f *testing.F) {
	for _, s := range []string{"/users/1", "/users/", "/users/%2F", "/n/123", "/n/abc", "/files/a/b/c", "//", "/users/1/edit",
		"/%zz", "/posts/new", "/a/../b", "/users/\x00", "/ünï/cødé", "/users/1?x=%", "/" + strings.Repeat("a/", 200)} {
		f.Add("GET", s)
	}
	f.Add("DELETE", "/posts/9")
	f.Add("BREW", "/users/1")
	app := start(f, withRoutes(func(r *egg.Router) {
		r.Get("/users/:id", echoParam("id"))
		r.Get("/n/{n:[0-9]+}", echoParam("n"))
		r.Get("/files/*", func(c *egg.Ctx) error { return c.Text(200, c.Param("*")) })
		r.Resources("posts", "/posts", postsController{})
		r.Mount("/legacy", http.NotFoundHandler())
	}))
	f.Fuzz(func(t *testing.T, method, target string) {
		if method == "" || strings.ContainsAny(method, " \t\r\n()<>@,;:\\\"/[]?={}") || !utf8.ValidString(method) {
			return
		}
		r, err := http.NewRequest(method, "http://example.com/", nil)
		if err != nil {
			return
		}
		r.URL.Path = "/" + strings.TrimPrefix(target, "/")
		w := httptest.NewRecorder()
		app.ServeHTTP(w, r)
		switch w.Code {
		case 200, 201, 404, 405:
		default:
			t.Fatalf("%s %q: status %d %q", method, r.URL.Path, w.Code, w.Body.String())
		}
		if w.Code == 200 && strings.HasPrefix(r.URL.Path, "/users/") && strings.Count(r.URL.Path, "/") == 2 {
			if want := "id=" + strings.TrimPrefix(r.URL.Path, "/users/"); w.Body.String() != want {
				t.Fatalf("%q: got %q want %q", r.URL.Path, w.Body.String(), want)
			}
		}
	})
}
