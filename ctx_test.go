package egg_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

func ctxApp(t *testing.T, h egg.HandlerFunc, opts ...fx.Option) *egg.App {
	return start(t, append(opts, withRoutes(func(r *egg.Router) { r.All("/*", h) }))...)
}

func TestProxyMode(t *testing.T) {
	type want struct{ ip, ips, host, proto string }
	tests := []struct {
		name    string
		cfg     func(*egg.HTTPConfig)
		remote  string
		headers []string
		want    want
	}{
		{"proxy off ignores spoofed headers", nil, "10.0.0.1:5000",
			[]string{"X-Forwarded-For", "6.6.6.6", "X-Forwarded-Host", "evil.com", "X-Forwarded-Proto", "https"},
			want{"10.0.0.1", "", "example.com", "http"}},
		{"ipv4-mapped address", nil, "[::ffff:10.0.0.2]:1", nil, want{"10.0.0.2", "", "example.com", "http"}},
		{"ipv6 address", nil, "[2001:db8::1]:1", nil, want{"2001:db8::1", "", "example.com", "http"}},
		{"proxy on reads headers", func(c *egg.HTTPConfig) { c.Proxy = true }, "10.0.0.1:5000",
			[]string{"X-Forwarded-For", "1.1.1.1, 2.2.2.2", "X-Forwarded-Host", "shop.example, other", "X-Forwarded-Proto", "HTTPS, http"},
			want{"1.1.1.1", "1.1.1.1,2.2.2.2", "shop.example", "https"}},
		{"max proxy count keeps what our proxies added", func(c *egg.HTTPConfig) { c.Proxy = true; c.MaxProxyCount = 1 }, "10.0.0.1:5000",
			[]string{"X-Forwarded-For", "6.6.6.6, 3.3.3.3"}, want{"3.3.3.3", "3.3.3.3", "example.com", "http"}},
		{"proxy on without headers", func(c *egg.HTTPConfig) { c.Proxy = true }, "10.0.0.1:5000", nil,
			want{"10.0.0.1", "", "example.com", "http"}},
		{"junk protocol header ignored", func(c *egg.HTTPConfig) { c.Proxy = true }, "10.0.0.1:5000",
			[]string{"X-Forwarded-Proto", "javascript"}, want{"10.0.0.1", "", "example.com", "http"}},
		{"empty entries skipped", func(c *egg.HTTPConfig) { c.Proxy = true }, "10.0.0.1:5000",
			[]string{"X-Forwarded-For", " , 4.4.4.4 ,"}, want{"4.4.4.4", "4.4.4.4", "example.com", "http"}},
		{"custom header names", func(c *egg.HTTPConfig) {
			c.Proxy = true
			c.IPHeaders = []string{"X-Real-Ip"}
			c.HostHeaders = []string{"X-Original-Host"}
		}, "10.0.0.1:5000",
			[]string{"X-Real-Ip", "5.5.5.5", "X-Forwarded-For", "6.6.6.6", "X-Original-Host", "a.example"},
			want{"5.5.5.5", "5.5.5.5", "a.example", "http"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var opts []fx.Option
			if tt.cfg != nil {
				opts = append(opts, egg.Configure(tt.cfg))
			}
			app := ctxApp(t, func(c *egg.Ctx) error {
				return c.Text(200, strings.Join([]string{c.IP(), strings.Join(c.IPs(), ","), c.Host(), c.Protocol()}, "|"))
			}, opts...)
			r := httptest.NewRequest("GET", "http://example.com/", nil)
			r.RemoteAddr = tt.remote
			for i := 0; i < len(tt.headers); i += 2 {
				r.Header.Set(tt.headers[i], tt.headers[i+1])
			}
			w := httptest.NewRecorder()
			app.ServeHTTP(w, r)
			got := w.Body.String()
			if exp := strings.Join([]string{tt.want.ip, tt.want.ips, tt.want.host, tt.want.proto}, "|"); got != exp {
				t.Errorf("got %s, want %s", got, exp)
			}
		})
	}
}

func TestTLSProtocol(t *testing.T) {
	app := ctxApp(t, func(c *egg.Ctx) error { return c.Text(200, c.Protocol()) })
	srv := httptest.NewTLSServer(app)
	defer srv.Close()
	res, err := srv.Client().Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if string(b) != "https" {
		t.Errorf("protocol over TLS = %q", b)
	}
}

func TestQueryHeadersAndValues(t *testing.T) {
	app := ctxApp(t, func(c *egg.Ctx) error {
		c.Set("k", "v")
		v, _ := c.Get("k")
		return c.JSON(200, map[string]any{
			"q": c.Query("q"), "qs": c.Queries("a"), "missing": c.Query("nope"), "h": c.Header("X-Thing"),
			"method": c.Method(), "path": c.Path(), "v": v, "pattern": c.RoutePattern(), "app": c.App().Name(),
		})
	}, egg.Name("ctx-app"))
	w := serve(app, "GET", "/p/x?q=1&q=2&a=x&a[]=y", nil, "X-Thing", "t")
	var got map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err, w.Body.String())
	}
	want := `map[app:ctx-app h:t method:GET missing: path:/p/x pattern:/* q:1 qs:[x y] v:v]`
	if s := strings.ReplaceAll(strings.TrimSpace(jsonMapString(got)), "  ", " "); s != want {
		t.Errorf("got  %s\nwant %s", s, want)
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("content type %q", ct)
	}
}

func jsonMapString(m map[string]any) string {
	b := new(strings.Builder)
	b.WriteString("map[")
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sortStrings(keys)
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(k + ":")
		switch v := m[k].(type) {
		case []any:
			parts := make([]string, len(v))
			for j, x := range v {
				parts[j] = x.(string)
			}
			b.WriteString("[" + strings.Join(parts, " ") + "]")
		default:
			b.WriteString(strings.TrimSpace(strings.Trim(jsonString(v), `"`)))
		}
	}
	b.WriteString("]")
	return b.String()
}

func jsonString(v any) string { b, _ := json.Marshal(v); return string(b) }

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

func TestResponses(t *testing.T) {
	app := start(t, withRoutes(func(r *egg.Router) {
		r.Get("/text", func(c *egg.Ctx) error { return c.Text(201, "made") })
		r.Get("/html", func(c *egg.Ctx) error { return c.HTML(200, "<b>"+c.Helper().Escape(c.Query("n"))+"</b>") })
		r.Get("/none", func(c *egg.Ctx) error { return c.NoContent(204) })
		r.Get("/blob", func(c *egg.Ctx) error { return c.Blob(200, "image/png", []byte{1, 2}) })
		r.Get("/go", func(c *egg.Ctx) error { return c.Redirect(0, "/there") })
		r.Get("/status", func(c *egg.Ctx) error {
			before := c.Status()
			_ = c.Text(202, "x")
			c.Response().Header().Set("X-Before", jsonString(before))
			return nil
		})
	}))
	tests := []struct {
		path, ct, body string
		code           int
	}{
		{"/text", "text/plain; charset=utf-8", "made", 201},
		{"/html?n=<script>", "text/html; charset=utf-8", "<b>&lt;script&gt;</b>", 200},
		{"/none", "", "", 204},
		{"/blob", "image/png", "\x01\x02", 200},
		{"/go", "text/html; charset=utf-8", "<a href=\"/there\">Found</a>.\n\n", 302},
	}
	for _, tt := range tests {
		w := serve(app, "GET", tt.path, nil)
		if w.Code != tt.code || w.Header().Get("Content-Type") != tt.ct || w.Body.String() != tt.body {
			t.Errorf("%s: %d %q %q", tt.path, w.Code, w.Header().Get("Content-Type"), w.Body.String())
		}
	}
}

func TestCookies(t *testing.T) {
	app := start(t, egg.Configure(func(c *egg.AppConfig) { c.Keys = []string{"new-key", "old-key"} }),
		withRoutes(func(r *egg.Router) {
			r.Get("/set", func(c *egg.Ctx) error {
				c.SetCookie(&http.Cookie{Name: "plain", Value: "p"})
				return c.SetSignedCookie(&http.Cookie{Name: "uid", Value: "42", HttpOnly: true})
			})
			r.Get("/get", func(c *egg.Ctx) error {
				v, ok := c.SignedCookie("uid")
				return c.Text(200, c.Cookie("plain")+"|"+v+"|"+jsonString(ok))
			})
		}))
	w := serve(app, "GET", "/set", nil)
	cookies := w.Result().Cookies()
	if len(cookies) != 3 || cookies[1].Name != "uid" || cookies[2].Name != "uid.sig" {
		t.Fatalf("cookies %v", cookies)
	}
	get := func(cks ...*http.Cookie) string {
		r := httptest.NewRequest("GET", "/get", nil)
		for _, c := range cks {
			r.AddCookie(c)
		}
		w := httptest.NewRecorder()
		app.ServeHTTP(w, r)
		return w.Body.String()
	}
	if got := get(cookies...); got != "p|42|true" {
		t.Errorf("signed read: %s", got)
	}
	forged := &http.Cookie{Name: "uid", Value: "1"}
	if got := get(forged, cookies[2]); got != "||false" {
		t.Errorf("forged value accepted: %s", got)
	}
	if got := get(cookies[1]); got != "||false" {
		t.Errorf("unsigned accepted: %s", got)
	}
	// a cookie signed with a retired key still verifies after rotation
	oldApp := start(t, egg.Configure(func(c *egg.AppConfig) { c.Keys = []string{"old-key"} }),
		withRoutes(func(r *egg.Router) {
			r.Get("/set", func(c *egg.Ctx) error { return c.SetSignedCookie(&http.Cookie{Name: "uid", Value: "7"}) })
		}))
	if got := get(serve(oldApp, "GET", "/set", nil).Result().Cookies()...); got != "|7|true" {
		t.Errorf("rotated key: %s", got)
	}
}

func TestSignedCookieNeedsKeys(t *testing.T) {
	app := ctxApp(t, func(c *egg.Ctx) error {
		return c.SetSignedCookie(&http.Cookie{Name: "a", Value: "b"})
	})
	w := serve(app, "GET", "/", nil)
	if w.Code != 500 {
		t.Errorf("%d", w.Code)
	}
}

func TestCtxFromStdlibMiddlewareAndParamInt(t *testing.T) {
	app := start(t, withRoutes(func(r *egg.Router) {
		r.With(func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				egg.CtxFrom(r).Set("seen", "yes")
				next.ServeHTTP(w, r)
			})
		}).Get("/n/:id", func(c *egg.Ctx) error {
			n, err := c.ParamInt("id")
			if err != nil {
				return err
			}
			v, _ := c.Get("seen")
			return c.Text(200, jsonString(n)+v.(string))
		})
	}))
	if w := serve(app, "GET", "/n/5", nil); w.Body.String() != "5yes" {
		t.Errorf("%q", w.Body.String())
	}
	if w := serve(app, "GET", "/n/x", nil); w.Code != 400 || !strings.Contains(w.Body.String(), `path parameter id must be an integer, got "x"`) {
		t.Errorf("%d %q", w.Code, w.Body.String())
	}
	if egg.CtxFrom(httptest.NewRequest("GET", "/", nil)) != nil {
		t.Error("CtxFrom outside egg must be nil")
	}
}

func TestCtxLoggerCarriesRequest(t *testing.T) {
	var buf logBuffer
	app := ctxApp(t, func(c *egg.Ctx) error { c.Logger().Warn("hi"); return nil }, egg.WithLogger(jsonLogger(&buf)))
	serve(app, "GET", "/x", nil, "X-Request-Id", "rid-1")
	mustContain(t, buf.String(), `"msg":"hi"`, `"req":{"id":"rid-1","method":"GET","path":"/x","ip":"192.0.2.1"}`)
}

func TestStartTime(t *testing.T) {
	before := time.Now()
	var got time.Time
	app := ctxApp(t, func(c *egg.Ctx) error { got = c.StartTime(); return nil })
	serve(app, "GET", "/", nil)
	if got.Before(before) || time.Since(got) > time.Minute {
		t.Errorf("start %v, test began %v", got, before)
	}
}

// Elapsed counts from the request's start: it grows while the handler
// works and agrees with time.Since(StartTime()).
func TestElapsed(t *testing.T) {
	var first, second, since time.Duration
	app := ctxApp(t, func(c *egg.Ctx) error {
		first = c.Elapsed()
		time.Sleep(2 * time.Millisecond)
		second = c.Elapsed()
		since = time.Since(c.StartTime())
		return nil
	})
	serve(app, "GET", "/", nil)
	if first < 0 || second-first < 2*time.Millisecond {
		t.Errorf("Elapsed %v then %v after a 2ms sleep", first, second)
	}
	if d := since - second; d < 0 || d > time.Second {
		t.Errorf("time.Since(StartTime()) %v, Elapsed %v just before", since, second)
	}
}
