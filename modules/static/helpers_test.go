package static_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/static"
	"go.uber.org/fx"
)

const (
	cssBody    = "body { color: rebeccapurple; }\n"
	brBody     = "not really brotli, but the server only picks files"
	secretBody = "top secret: outside the public directory"
	routeBody  = "from the router"
)

// gzipped compresses s.
func gzipped(t testing.TB, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// site writes an app base dir:
//
//	app/secret.txt           outside the public dir
//	app/public/app.css       with app.css.br and app.css.gz
//	app/public/js/app.js     no siblings
//	app/public/numbers.txt   0123456789, for ranges
//	app/public/page.weird    HTML under an unknown extension
//	app/public/empty.txt     no bytes
//	app/public/link.txt      symlink to ../secret.txt (escapes)
//	app/public/inside.txt    symlink to js/app.js (stays inside)
func site(t testing.TB) (base, public string) {
	t.Helper()
	base = t.TempDir()
	public = filepath.Join(base, "app", "public")
	write := func(rel string, data []byte) {
		p := filepath.Join(base, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("app/secret.txt", []byte(secretBody))
	write("app/public/app.css", []byte(cssBody))
	write("app/public/app.css.br", []byte(brBody))
	write("app/public/app.css.gz", gzipped(t, cssBody))
	write("app/public/js/app.js", []byte("console.log('hi')\n"))
	write("app/public/numbers.txt", []byte("0123456789"))
	write("app/public/page.weird", []byte("<!DOCTYPE html><html><body>hi</body></html>"))
	write("app/public/empty.txt", nil)
	if err := os.Symlink(filepath.Join(base, "app", "secret.txt"), filepath.Join(public, "link.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("js/app.js", filepath.Join(public, "inside.txt")); err != nil {
		t.Fatal(err)
	}
	return base, public
}

// server starts an egg app with the static module (plus a route under
// the prefix and one outside it) on a real socket.
func server(t testing.TB, opts ...fx.Option) (*eggtest.App, *httptest.Server) {
	t.Helper()
	all := append([]fx.Option{static.Module, egg.Routes(func(r *egg.Router) {
		r.Get("/public/generated.txt", func(c *egg.Ctx) error { return c.Text(200, routeBody) })
		r.Get("/hello", func(c *egg.Ctx) error { return c.Text(200, "hello") })
	})}, opts...)
	app := eggtest.New(t, all...)
	srv := httptest.NewServer(app)
	t.Cleanup(srv.Close)
	return app, srv
}

// client is an HTTP client that sends Accept-Encoding only when told and
// never decodes bodies.
func client() *http.Client {
	return &http.Client{Transport: &http.Transport{DisableCompression: true}}
}

// get sends method path with header pairs and returns the response and
// its body.
func do(t testing.TB, srv *httptest.Server, method, path string, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(b)
}

// raw sends a request line exactly as written (no client-side cleaning or
// escaping) and returns the response and its body.
func raw(t testing.TB, srv *httptest.Server, target string) (*http.Response, string) {
	t.Helper()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, "GET "+target+" HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}
