package egg_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"github.com/go-chi/chi/v5"
)

// paramsApp serves routes that echo their parameters through every
// accessor, over a real server.
func paramsApp(t *testing.T) (*egg.App, *httptest.Server) {
	t.Helper()
	app := start(t, withRoutes(func(r *egg.Router) {
		r.Get("/api/users/:id", func(c *egg.Ctx) error {
			n, err := c.ParamInt("id")
			if err != nil {
				return err
			}
			return c.JSON(200, map[string]any{"id": c.Param("id"), "n": n})
		}).Name("user")
		r.Get("/hello/:name", func(c *egg.Ctx) error {
			return c.Text(200, strings.Join([]string{c.Param("name"), c.URLParams().Values[0],
				chi.URLParam(c.Request(), "name"), c.Request().Header.Get("X-Seen")}, "|"))
		}).Name("hello")
		r.With(func(next http.Handler) http.Handler { // per-route middleware sees the decoded value
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				r.Header.Set("X-Seen", chi.URLParam(r, "name"))
				next.ServeHTTP(w, r)
			})
		}).Get("/seen/:name", func(c *egg.Ctx) error { return c.Text(200, c.Request().Header.Get("X-Seen")) })
		r.Get("/files/*", func(c *egg.Ctx) error { return c.Text(200, c.Param("*")) }).Name("file")
		r.Get("/posts/:post_id/comments/:id", func(c *egg.Ctx) error {
			return c.Text(200, c.Param("post_id")+" "+c.Param("id"))
		}).Name("comment")
	}))
	srv := httptest.NewServer(app)
	t.Cleanup(srv.Close)
	return app, srv
}

func get(t *testing.T, srv *httptest.Server, path string) (int, string) {
	t.Helper()
	res, err := http.Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// Issue 8 #1: a path parameter holding an escape is decoded once, as Egg
// decodes it, whatever the accessor.
func TestPathParamsAreDecodedOnce(t *testing.T) {
	_, srv := paramsApp(t)
	tests := []struct {
		path   string
		status int
		body   string
	}{
		{"/api/users/%32", 200, `{"id":"2","n":2}`},
		{"/api/users/2", 200, `{"id":"2","n":2}`},
		{"/hello/a%2Fb", 200, "a/b|a/b|a/b|"},  // not "a%2Fb", nor double-encoded
		{"/hello/a%2Fb/", 200, "a/b|a/b|a/b|"}, // the trailing slash stays optional
		{"/hello/100%25", 200, "100%|100%|100%|"},
		{"/hello/%2525", 200, "%25|%25|%25|"}, // once, not twice
		{"/hello/a%20b", 200, "a b|a b|a b|"},
		{"/hello/caf%C3%A9", 200, "café|café|café|"},
		{"/seen/a%2Fb", 200, "a/b"},
		{"/files/a%2Fb/c%20d", 200, "a/b/c d"},
		{"/posts/%31/comments/%32", 200, "1 2"},
	}
	for _, tt := range tests {
		status, body := get(t, srv, tt.path)
		if status != tt.status || (tt.body != "" && body != tt.body) {
			t.Errorf("GET %s: %d %q, want %d %q", tt.path, status, body, tt.status, tt.body)
		}
	}
}

// A parameter that is not valid percent-encoding reaches egg only from a
// hand-made request or a middleware that rewrites the path: a 400 naming
// the parameter, never a 500.
func TestInvalidParamEscapeIs400(t *testing.T) {
	app, _ := paramsApp(t)
	for _, raw := range []string{"/hello/%zz", "/hello/%", "/api/users/%3", "/files/a/%G1"} {
		r := httptest.NewRequest("GET", "/hello/x", nil)
		r.URL.RawPath = raw
		if strings.HasPrefix(raw, "/api") {
			r.URL.Path = "/api/users/x"
		} else if strings.HasPrefix(raw, "/files") {
			r.URL.Path = "/files/a/x"
		}
		w := httptest.NewRecorder()
		app.ServeHTTP(w, r)
		if w.Code != 400 || !strings.Contains(w.Body.String(), "is not valid percent-encoding") {
			t.Errorf("%s: %d %q", raw, w.Code, w.Body.String())
		}
	}
}

// PathFor and Param are inverses: whatever value goes into PathFor comes
// back from Param after a real round trip.
func TestPathForRoundTrip(t *testing.T) {
	app, srv := paramsApp(t)
	for _, v := range []string{"a/b", "a b", "100%", "%2F", "café", "a+b", "?x=1#y", "..", "a;b", "é/ü/%"} {
		path := app.Router().PathFor("hello", map[string]any{"name": v})
		status, body := get(t, srv, path)
		if status != 200 || body != v+"|"+v+"|"+v+"|" {
			t.Errorf("PathFor(%q) = %q: %d %q", v, path, status, body)
		}
	}
	path := app.Router().PathFor("file", map[string]any{"*": "dir/a b/c%d"})
	if status, body := get(t, srv, path); status != 200 || body != "dir/a b/c%d" {
		t.Errorf("wildcard %q: %d %q", path, status, body)
	}
	path = app.Router().PathFor("comment", map[string]any{"post_id": "a/b", "id": 7, "q": "x y"})
	if path != "/posts/a%2Fb/comments/7?q=x%20y" {
		t.Errorf("PathFor = %q", path)
	}
	if status, body := get(t, srv, path); status != 200 || body != "a/b 7" {
		t.Errorf("%s: %d %q", path, status, body)
	}
}

// The 405 of a path with an escaped "/" lists the methods of the route
// the path does match.
func TestMethodNotAllowedOnEscapedPath(t *testing.T) {
	_, srv := paramsApp(t)
	res, err := http.Post(srv.URL+"/hello/a%2Fb", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 405 || res.Header.Get("Allow") != "GET, HEAD" {
		t.Errorf("%d Allow %q", res.StatusCode, res.Header.Get("Allow"))
	}
}

// Issue 8 #10: a space in PathFor's query is %20, as Egg's pathFor.
func TestPathForQuerySpace(t *testing.T) {
	app, _ := paramsApp(t)
	got := app.Router().PathFor("user", map[string]any{"id": 1, "q": "a b+c", "tags": []string{"x y", "z"}})
	if got != "/api/users/1?q=a%20b%2Bc&tags=x%20y&tags=z" {
		t.Errorf("%q", got)
	}
	if q, _ := url.ParseQuery(strings.SplitN(got, "?", 2)[1]); q.Get("q") != "a b+c" {
		t.Errorf("query does not parse back: %v", q)
	}
	if got := app.Router().PathFor("hello", map[string]any{"name": ""}); got != "" {
		t.Errorf("an empty pattern parameter must give \"\", got %q", got)
	}
}

// Paths the old root fuzz corpus held, through the whole app: every answer
// is a known status, never a 500.
func TestRouteParamsThroughApp(t *testing.T) {
	_, srv := paramsApp(t)
	for _, p := range []string{"/api/users/1", "/api/users/", "/api/users/%2F", "/api/users/abc", "//", "/a/../b",
		"/%C3%BCn%C3%AF", "/hello/1?x=%", "/" + strings.Repeat("a/", 200), "/hello/%00", "/files/", "/hello/a%2Fb/", "/hello/%zz"} {
		conn, err := net.Dial("tcp", srv.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", p)
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		res.Body.Close()
		conn.Close()
		switch res.StatusCode {
		case 200, 400, 404, 405:
		default:
			t.Errorf("%s: %d", p, res.StatusCode)
		}
	}
}

// egg.CtxFrom-less handlers mounted under egg see the request as it came.
func TestMountKeepsEscapedPath(t *testing.T) {
	app := start(t, withRoutes(func(r *egg.Router) {
		r.Mount("/legacy", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(r.URL.EscapedPath()))
		}))
	}))
	if w := serve(app, "GET", "/legacy/a%2Fb", nil); w.Body.String() != "/legacy/a%2Fb" {
		t.Errorf("%q", w.Body.String())
	}
}

// The 405 of a static route whose path needs escaping lists its methods.
func TestMethodNotAllowedOnUnicodePath(t *testing.T) {
	app := start(t, withRoutes(func(r *egg.Router) { r.Get("/café", text("ok")) }))
	if w := serve(app, "GET", "/caf%C3%A9", nil); w.Code != 200 {
		t.Fatalf("GET: %d", w.Code)
	}
	if w := serve(app, "DELETE", "/caf%C3%A9", nil); w.Code != 405 || w.Header().Get("Allow") != "GET, HEAD" {
		t.Errorf("%d Allow %q", w.Code, w.Header().Get("Allow"))
	}
}
