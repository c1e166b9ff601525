package security_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/bodyparser"
	"github.com/egg-go/egg/modules/onerror"
	"github.com/egg-go/egg/modules/security"
	"go.uber.org/fx"
)

func TestMain(m *testing.M) { eggtest.VerifyTestMain(m) }

// testKeys are the app keys of every test app.
var testKeys = []string{"test-key-1", "test-key-0"}

// routes is the app under test.
var routes = egg.Module("routes", egg.Routes(func(r *egg.Router) {
	r.Get("/hello", func(c *egg.Ctx) error { return c.Text(200, "hello") })
	r.Post("/things", func(c *egg.Ctx) error {
		var in struct {
			Name string `json:"name"`
		}
		if err := c.Bind(&in); err != nil {
			return err
		}
		return c.Text(201, "name="+in.Name)
	})
	r.Post("/upload", func(c *egg.Ctx) error {
		if err := c.Request().ParseMultipartForm(1 << 20); err != nil {
			return c.Throw(400, "bad multipart: "+err.Error())
		}
		f, h, err := c.Request().FormFile("file")
		if err != nil {
			return c.Throw(400, "no file: "+err.Error())
		}
		b, _ := io.ReadAll(f)
		_ = f.Close()
		return c.Text(201, fmt.Sprintf("title=%s file=%s size=%d sum=%d", c.Request().FormValue("title"), h.Filename, len(b), sum(b)))
	})
	r.Post("/webhooks/in", func(c *egg.Ctx) error { return c.Text(200, "hook") })
	r.Delete("/things/:id", func(c *egg.Ctx) error { return c.NoContent(204) })
	r.Get("/go", func(c *egg.Ctx) error { return c.Redirect(302, c.Query("to")) })
	r.Get("/unsafe", func(c *egg.Ctx) error { return security.UnsafeRedirect(c, 0, c.Query("to")) })
	r.Get("/token", func(c *egg.Ctx) error { return c.Text(200, security.CSRFToken(c)) })
	r.Post("/rotate", func(c *egg.Ctx) error { return c.Text(200, security.RotateCSRFToken(c)) })
	r.Get("/nonce", func(c *egg.Ctx) error { return c.Text(200, security.CSPNonce(c)) })
	r.All("/files/*", func(c *egg.Ctx) error { return c.Text(200, "file "+c.Param("*")) })
}))

func sum(b []byte) int {
	s := 0
	for _, x := range b {
		s += int(x)
	}
	return s
}

// server is a test app behind a real HTTP server.
type server struct {
	*eggtest.App
	t      *testing.T
	url    string
	client *http.Client
}

// serve starts the security module (plus onerror, bodyparser and the test
// routes) with opts, and serves it over a real socket until the test ends.
func serve(t *testing.T, opts ...fx.Option) *server {
	t.Helper()
	app := eggtest.New(t, append([]fx.Option{onerror.Module, bodyparser.Module, security.Module, routes,
		egg.Configure(func(c *egg.AppConfig) { c.Keys = testKeys })}, opts...)...)
	srv := httptest.NewServer(app)
	t.Cleanup(srv.Close)
	client := *srv.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &server{App: app, t: t, url: srv.URL, client: &client}
}

// result is a response read whole.
type result struct {
	code   int
	header http.Header
	body   string
	res    *http.Response
}

// errorCode returns the "code" of a JSON error body.
func (r result) errorCode() string {
	var e struct {
		Code string `json:"code"`
	}
	_ = json.Unmarshal([]byte(r.body), &e)
	return e.Code
}

// cookie returns the value of a cookie the response sets, "" if none.
func (r result) cookie(name string) string {
	for _, c := range r.res.Cookies() {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

// do sends a request over the socket; kv are header name/value pairs.
// Every request asks for JSON, so errors come with their code.
func (s *server) do(method, path string, body io.Reader, kv ...string) result {
	s.t.Helper()
	req, err := http.NewRequestWithContext(s.t.Context(), method, s.url+path, body)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	req.Header.Set("Accept", "application/json")
	for i := 0; i+1 < len(kv); i += 2 {
		req.Header.Add(kv[i], kv[i+1])
	}
	res, err := s.client.Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return result{code: res.StatusCode, header: res.Header, body: string(b), res: res}
}

// host returns the server's host:port, as the app sees it in Host.
func (s *server) host() string { return strings.TrimPrefix(s.url, "http://") }

// expect fails the test unless r has the status and, for an error, the
// code.
func expect(t *testing.T, what string, r result, status int, code string) {
	t.Helper()
	if r.code != status || (code != "" && r.errorCode() != code) {
		t.Errorf("%s: %d %s, want %d %s", what, r.code, r.body, status, code)
	}
}
