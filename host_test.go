package egg_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

// linkApp answers /link with an absolute link to itself, over a real
// server, in env.
func linkApp(t *testing.T, env string, opts ...fx.Option) (*httptest.Server, *logBuffer) {
	t.Helper()
	logs := &logBuffer{}
	opts = append([]fx.Option{egg.Env(env), egg.BaseDir(t.TempDir()), egg.WithLogger(jsonLogger(logs)),
		withRoutes(func(r *egg.Router) {
			r.Get("/link", func(c *egg.Ctx) error { return c.Text(200, c.Helper().URLFor("link", map[string]any{"q": "a b"})) }).Name("link")
		})}, opts...)
	app, err := egg.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Stop(context.Background()) })
	srv := httptest.NewServer(app)
	t.Cleanup(srv.Close)
	return srv, logs
}

func getHost(t *testing.T, srv *httptest.Server, host string, header ...string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", srv.URL+"/link", nil)
	req.Host = host
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// Issue 17 #4: in prod with an allow list, a spoofed Host gets 400 and
// never reaches a handler or a link.
func TestAllowedHostsRejectSpoofedHost(t *testing.T) {
	srv, _ := linkApp(t, "prod", egg.Configure(func(c *egg.HostConfig) {
		c.AllowedHosts = []string{"blog.example.com", ".example.org"}
	}))
	tests := []struct {
		host   string
		status int
		body   string
	}{
		{"blog.example.com", 200, "http://blog.example.com/link?q=a%20b"},
		{"BLOG.example.com:8080", 200, "http://BLOG.example.com:8080/link?q=a%20b"}, // case and port do not matter
		{"blog.example.com.", 200, ""},
		{"example.org", 200, ""},
		{"a.b.example.org", 200, ""},
		{"evil.example", 400, ""},
		{"blog.example.com.evil.example", 400, ""},
		{"evilexample.org", 400, ""},
		{"[::1]:80", 400, ""},
	}
	for _, tt := range tests {
		status, body := getHost(t, srv, tt.host)
		if status != tt.status || (tt.body != "" && body != tt.body) {
			t.Errorf("Host %s: %d %q, want %d %q", tt.host, status, body, tt.status, tt.body)
		}
		if status == 400 && strings.Contains(body, "evil") {
			t.Errorf("the 400 echoes the host: %q", body)
		}
	}
}

// In proxy mode the host egg trusts is the proxy's header: that is what
// the allow list checks.
func TestAllowedHostsInProxyMode(t *testing.T) {
	srv, _ := linkApp(t, "prod",
		egg.Configure(func(c *egg.HTTPConfig) { c.Proxy = true }),
		egg.Configure(func(c *egg.HostConfig) { c.AllowedHosts = []string{"shop.example"} }))
	if status, body := getHost(t, srv, "internal:7001", "X-Forwarded-Host", "shop.example", "X-Forwarded-Proto", "https"); status != 200 || body != "https://shop.example/link?q=a%20b" {
		t.Errorf("%d %q", status, body)
	}
	if status, _ := getHost(t, srv, "shop.example", "X-Forwarded-Host", "evil.example"); status != 400 {
		t.Errorf("spoofed X-Forwarded-Host: %d", status)
	}
}

// With PublicURL every link uses the configured origin, whatever Host the
// client sends; its host is allowed when there is a list.
func TestPublicURLFixesLinks(t *testing.T) {
	srv, logs := linkApp(t, "prod", egg.Configure(func(c *egg.HostConfig) { c.PublicURL = "https://blog.example.com/base/" }))
	for _, host := range []string{"evil.example", "blog.example.com", ""} {
		if status, body := getHost(t, srv, host); status != 200 || body != "https://blog.example.com/base/link?q=a%20b" {
			t.Errorf("Host %q: %d %q", host, status, body)
		}
	}
	if strings.Contains(logs.String(), "links trust the client's Host header") {
		t.Errorf("no warning when PublicURL is set:\n%s", logs.String())
	}
	srv, _ = linkApp(t, "prod", egg.Configure(func(c *egg.HostConfig) {
		c.PublicURL = "https://blog.example.com"
		c.AllowedHosts = []string{"www.example.com"}
	}))
	for host, want := range map[string]int{"blog.example.com": 200, "www.example.com": 200, "evil.example": 400} {
		if status, _ := getHost(t, srv, host); status != want {
			t.Errorf("Host %s: %d, want %d", host, status, want)
		}
	}
}

// Start-up warns outside local and unittest when links trust the Host
// header; local and unittest keep today's ease: any Host, no warning.
func TestHostWarningAndEase(t *testing.T) {
	for env, warns := range map[string]bool{"prod": true, "staging": true, "local": false, "unittest": false} {
		srv, logs := linkApp(t, env)
		if got := strings.Contains(logs.String(), "links trust the client's Host header"); got != warns {
			t.Errorf("env %s: warning %v, want %v:\n%s", env, got, warns, logs.String())
		}
		if status, body := getHost(t, srv, "anything.test"); status != 200 || body != "http://anything.test/link?q=a%20b" {
			t.Errorf("env %s without config: %d %q", env, status, body)
		}
	}
	_, logs := linkApp(t, "prod", egg.Configure(func(c *egg.HostConfig) { c.AllowedHosts = []string{"x.test"} }))
	if strings.Contains(logs.String(), "links trust") {
		t.Errorf("no warning with an allow list:\n%s", logs.String())
	}
}

// Issue 17 #4: HTTP/1.0 without Host must not give "http:///path"; with
// an allow list, such a request (load balancers' health checks send them)
// still passes.
func TestHTTP10WithoutHost(t *testing.T) {
	for _, opts := range [][]fx.Option{nil, {egg.Configure(func(c *egg.HostConfig) { c.AllowedHosts = []string{"x.test"} })}} {
		srv, _ := linkApp(t, "prod", opts...)
		conn, err := net.Dial("tcp", srv.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprint(conn, "GET /link HTTP/1.0\r\n\r\n")
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		conn.Close()
		want := "http://" + srv.Listener.Addr().String() + "/link?q=a%20b"
		if res.StatusCode != 200 || string(b) != want {
			t.Errorf("%d %q, want %q", res.StatusCode, b, want)
		}
	}
}

func TestHostConfigValidate(t *testing.T) {
	tests := []struct {
		cfg  egg.HostConfig
		want string
	}{
		{egg.HostConfig{PublicURL: "blog.example.com"}, "config field PublicURL"},
		{egg.HostConfig{PublicURL: "ftp://blog.example.com"}, `must start with "https://"`},
		{egg.HostConfig{PublicURL: "https://blog.example.com/?a=1"}, "without user, query or fragment"},
		{egg.HostConfig{PublicURL: "https://u:p@blog.example.com"}, "without user"},
		{egg.HostConfig{AllowedHosts: []string{"https://blog.example.com"}}, "config field AllowedHosts"},
		{egg.HostConfig{AllowedHosts: []string{""}}, "not a URL"},
	}
	for _, tt := range tests {
		err := newErr(t, egg.Configure(func(c *egg.HostConfig) { *c = tt.cfg }))
		mustContain(t, err.Error(), tt.want)
	}
	t.Setenv("EGG_ALLOWED_HOSTS", "a.test, .b.test")
	t.Setenv("EGG_PUBLIC_URL", "https://a.test")
	app := start(t)
	if got := *egg.ConfigOf[egg.HostConfig](app.Configs()); got.PublicURL != "https://a.test" || len(got.AllowedHosts) != 2 || got.AllowedHosts[1] != ".b.test" {
		t.Errorf("from env: %+v", got)
	}
}

// The host check runs before every middleware, so no middleware (an
// access log, a redirect builder) ever sees a host the list refuses.
func TestAllowedHostsCheckedBeforeMiddleware(t *testing.T) {
	var reached []string
	mw := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			reached = append(reached, r.Host)
			next.ServeHTTP(w, r)
		})
	}
	srv, _ := linkApp(t, "prod",
		egg.Module("seen", egg.Middleware("seen", mw)),
		egg.Configure(func(c *egg.HTTPConfig) { c.Middleware = []string{"seen"} }),
		egg.Configure(func(c *egg.HostConfig) { c.AllowedHosts = []string{"blog.example.com"} }))
	if status, _ := getHost(t, srv, "evil.example"); status != 400 {
		t.Fatalf("spoofed host: %d, want 400", status)
	}
	if status, _ := getHost(t, srv, "blog.example.com"); status != 200 {
		t.Fatalf("allowed host: %d, want 200", status)
	}
	if len(reached) != 1 || reached[0] != "blog.example.com" {
		t.Errorf("middleware saw %q; want only the allowed host", reached)
	}
}
