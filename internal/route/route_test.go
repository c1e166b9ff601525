package route

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
)

func TestConvert(t *testing.T) {
	for in, want := range map[string]string{
		"/users/:id":          "/users/{id}",
		"/a/:x/b/:y_z":        "/a/{x}/b/{y_z}",
		"/n/{n:[0-9]+}":       "/n/{n:[0-9]+}",
		"/time/12:30":         "/time/12:30", // not at a segment start
		"/":                   "/",
		"/files/:name.:ext":   "/files/{name}.{ext}",
		"/posts/:id/comments": "/posts/{id}/comments",
	} {
		if got := Convert(in); got != want {
			t.Errorf("Convert(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestExpand(t *testing.T) {
	params := map[string]string{"id": "a/b c", "n": "2024", "*": "x y/z%", "empty": ""}
	tests := []struct {
		pattern, want string
		ok            bool
	}{
		{"/users/{id}", "/users/a%2Fb%20c", true},
		{"/n/{n:[0-9]{4}}", "/n/2024", true}, // braces inside the regexp
		{"/files/*", "/files/x%20y/z%25", true},
		{"/users/{missing}", "", false},
		{"/users/{empty}", "", false},
		{"/plain", "/plain", true},
		{"/broken/{id", "/broken/{id", true},
	}
	for _, tt := range tests {
		var used []string
		got, ok := Expand(tt.pattern, func(k string) (string, bool) { v, ok := params[k]; return v, ok },
			func(k string) { used = append(used, k) })
		if got != tt.want || ok != tt.ok {
			t.Errorf("Expand(%q) = %q, %v; want %q, %v", tt.pattern, got, ok, tt.want, tt.ok)
		}
		if ok && strings.Contains(tt.pattern, "{id}") && (len(used) != 1 || used[0] != "id") {
			t.Errorf("used %v", used)
		}
	}
}

func TestQueryEscape(t *testing.T) {
	for in, want := range map[string]string{"a b": "a%20b", "a+b": "a%2Bb", "x&y=z": "x%26y%3Dz", "ü": "%C3%BC"} {
		if got := QueryEscape(in); got != want {
			t.Errorf("QueryEscape(%q) = %q, want %q", in, got, want)
		}
	}
}

// testMux is a mux built by Build, as egg builds it, whose routes echo
// their parameters.
func testMux(t testing.TB) http.Handler {
	echo := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := chi.RouteContext(r.Context())
		var b strings.Builder
		for i, k := range rc.URLParams.Keys {
			if k == "" {
				continue
			}
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(k + "=" + rc.URLParams.Values[i])
		}
		w.Write([]byte(b.String()))
	})
	seen := func(next http.Handler) http.Handler { // route middleware sees decoded values too
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Seen", chi.URLParam(r, "id"))
			next.ServeHTTP(w, r)
		})
	}
	mux, err := Build([]Spec{
		{Methods: []string{"GET", "HEAD"}, Pattern: Convert("/users/:id"), Handler: echo, Middleware: []func(http.Handler) http.Handler{seen}},
		{Methods: []string{"GET"}, Pattern: "/n/{n:[0-9]+}", Handler: echo},
		{Methods: []string{"*"}, Pattern: "/files/*", Handler: echo},
		{Methods: []string{"PUT", "PATCH"}, Pattern: "/posts/{post_id}/comments/{id}", Handler: echo},
		{Methods: []string{"*"}, Pattern: "/legacy", Mount: true, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte("mounted " + r.URL.EscapedPath()))
		})},
	}, Options{
		NotFound:         http.NotFoundHandler(),
		MethodNotAllowed: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(405) }),
		BadParam:         func(w http.ResponseWriter, r *http.Request, e *ParamError) { http.Error(w, e.Error(), 400) },
	})
	if err != nil {
		t.Fatal(err)
	}
	return mux
}

func TestParamsDecodedOnce(t *testing.T) {
	mux := testMux(t)
	tests := []struct {
		target string
		status int
		body   string
	}{
		{"/users/%32", 200, "id=2"},
		{"/users/a%2Fb", 200, "id=a/b"},    // an escaped "/" stays in its segment
		{"/users/100%25", 200, "id=100%"},  // a literal "%": not decoded twice
		{"/users/%2525", 200, "id=%25"},    // decoded once, not twice
		{"/users/a%20b", 200, "id=a b"},    // Path alone suffices: no RawPath
		{"/users/a+b", 200, "id=a+b"},      // "+" is not a space in a path
		{"/users/%C3%BC%2F", 200, "id=ü/"}, // UTF-8 and "/" together
		{"/files/a%2Fb/c", 200, "*=a/b/c"}, // wildcard
		{"/posts/%31/comments/%32", 200, "post_id=1&id=2"},
		{"/n/%32", 404, ""}, // regexps match what the client sent, as Egg's
		{"/users/a%2Fb/extra", 404, ""},
		{"/users/a%2Fb/", 200, "id=a/b"}, // a trailing slash is optional, escaped path or not
		{"/users/7//", 200, "id=7"},
		{"/files/a%2Fb/", 200, "*=a/b"},
		{"/legacy/a%2Fb", 200, "mounted /legacy/a%2Fb"}, // a mount gets the request as it came
	}
	for _, tt := range tests {
		method := "GET"
		if strings.HasPrefix(tt.target, "/posts/") {
			method = "PATCH"
		}
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, httptest.NewRequest(method, tt.target, nil))
		if w.Code != tt.status || (tt.status == 200 && w.Body.String() != tt.body) {
			t.Errorf("GET %s: %d %q, want %d %q", tt.target, w.Code, w.Body.String(), tt.status, tt.body)
		}
	}
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, httptest.NewRequest("GET", "/users/a%2Fb", nil))
	if got := w.Header().Get("X-Seen"); got != "a/b" {
		t.Errorf("route middleware saw %q", got)
	}
}

func TestInvalidEscapeIs400(t *testing.T) {
	mux := testMux(t)
	for _, raw := range []string{"/users/%zz", "/users/%", "/users/a%2", "/files/ok/%G0", "/users/" + strings.Repeat("%", 500)} {
		r := httptest.NewRequest("GET", "/users/x", nil)
		r.URL.RawPath = raw // what a hand-made request or a rewriting middleware can produce
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, r)
		if w.Code != 400 || !strings.Contains(w.Body.String(), "is not valid percent-encoding") {
			t.Errorf("%s: %d %q", raw, w.Code, w.Body.String())
		}
		if len(w.Body.String()) > 200 {
			t.Errorf("%s: the error echoes %d bytes of the client's value", raw, w.Body.Len())
		}
	}
}

func TestBuildReportsBadPatterns(t *testing.T) {
	_, err := Build([]Spec{{Methods: []string{"GET"}, Pattern: "/a/{x", Handler: http.NotFoundHandler()}}, Options{})
	if err == nil || !strings.Contains(err.Error(), "egg: invalid route") {
		t.Errorf("got %v", err)
	}
}
