package meta_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/textproto"
	"strings"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/meta"
	"go.uber.org/fx"
)

// serve starts the app with egg's own server on a free port and returns
// its base URL.
func serve(t *testing.T, opts ...fx.Option) string {
	t.Helper()
	app := eggtest.New(t, append([]fx.Option{meta.Module, routes, egg.WithServer(),
		egg.Configure(func(c *egg.ServerConfig) { c.Port = 0 })}, opts...)...)
	return "http://" + app.Addr()
}

// raw sends a request as written over a new connection and returns the
// response.
func raw(t *testing.T, base, request string) *http.Response {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if _, err := io.WriteString(conn, request); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", base, nil)
	res, err := http.ReadResponse(bufio.NewReader(conn), req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res
}

func idle(d time.Duration) fx.Option {
	return egg.Configure(func(c *egg.ServerConfig) { c.IdleTimeout = d })
}

func TestKeepAlive(t *testing.T) {
	base := serve(t, idle(7500*time.Millisecond))
	for _, tc := range []struct {
		name, request, want string
	}{
		{"HTTP/1.1", "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n", "timeout=7"},
		{"HTTP/1.1 on a 404", "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n", "timeout=7"},
		{"HTTP/1.1 with Connection: close", "GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", ""},
		{"HTTP/1.0", "GET /hello HTTP/1.0\r\n\r\n", ""},
		{"HTTP/1.0 with Connection: keep-alive", "GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", "timeout=7"},
		{"handler closes the connection", "GET /close HTTP/1.1\r\nHost: x\r\n\r\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := raw(t, base, tc.request)
			if got := res.Header.Get("Keep-Alive"); got != tc.want {
				t.Errorf("Keep-Alive = %q, want %q", got, tc.want)
			}
			readtime(t, res)
		})
	}
}

func TestKeepAliveNotSent(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts []fx.Option
	}{
		{"idle timeout under a second", []fx.Option{idle(900 * time.Millisecond)}},
		{"no idle or read timeout", []fx.Option{idle(0)}},
		{"KeepAlive off", []fx.Option{egg.Configure(func(c *meta.Config) { c.KeepAlive = false })}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := raw(t, serve(t, tc.opts...), "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
			if got := res.Header.Get("Keep-Alive"); got != "" {
				t.Errorf("Keep-Alive = %q, want none", got)
			}
		})
	}
	t.Run("read timeout stands in for idle", func(t *testing.T) {
		res := raw(t, serve(t, idle(0), egg.Configure(func(c *egg.ServerConfig) { c.ReadTimeout = 3 * time.Second })),
			"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
		if got := res.Header.Get("Keep-Alive"); got != "timeout=3" {
			t.Errorf("Keep-Alive = %q, want timeout=3", got)
		}
	})
	t.Run("no server of egg's own", func(t *testing.T) {
		app := eggtest.New(t, meta.Module, routes)
		app.GET("/hello").Do().Status(200).NoHeader("Keep-Alive")
	})
}

// TestStreamingAndEarlyHints: a flush sends the stamped headers at once;
// a 103 goes out without them and the final response has them.
func TestStreamingAndEarlyHints(t *testing.T) {
	hints := egg.Routes(func(r *egg.Router) {
		r.Get("/hints", func(c *egg.Ctx) error {
			c.SetHeader("Link", "</app.css>; rel=preload")
			c.Response().WriteHeader(http.StatusEarlyHints)
			return c.Text(http.StatusOK, "page")
		})
		r.Get("/deadline", func(c *egg.Ctx) error {
			// reaches the server's writer through the wrappers' Unwrap
			if err := http.NewResponseController(c.Response()).SetWriteDeadline(time.Now().Add(time.Minute)); err != nil {
				return err
			}
			return c.Text(http.StatusOK, "ok")
		})
	})
	base := serve(t, hints)

	res, err := http.Get(base + "/stream")
	if err != nil {
		t.Fatal(err)
	}
	first, err := bufio.NewReader(res.Body).ReadString('\n')
	res.Body.Close()
	if err != nil || first != "part 1\n" {
		t.Fatalf("stream: first line %q, %v", first, err)
	}
	readtime(t, res)

	var early []textproto.MIMEHeader
	trace := &httptrace.ClientTrace{Got1xxResponse: func(code int, h textproto.MIMEHeader) error {
		early = append(early, h)
		return nil
	}}
	req, _ := http.NewRequestWithContext(httptrace.WithClientTrace(t.Context(), trace), "GET", base+"/hints", nil)
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if len(early) != 1 || early[0].Get("Link") == "" {
		t.Fatalf("1xx responses = %v, want one 103 with Link", early)
	}
	if v := early[0].Get(meta.HeaderReadtime); v != "" {
		t.Errorf("the 103 carries X-Readtime %q; only the final response should", v)
	}
	readtime(t, res)

	res, err = http.Get(base + "/deadline")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("SetWriteDeadline through meta: %d %s", res.StatusCode, body)
	}
}

func TestHijack(t *testing.T) {
	ws := egg.Routes(func(r *egg.Router) {
		r.Get("/upgrade", func(c *egg.Ctx) error {
			conn, buf, err := http.NewResponseController(c.Response()).Hijack()
			if err != nil {
				return err
			}
			defer conn.Close()
			fmt.Fprint(buf, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: probe\r\nConnection: Upgrade\r\n\r\nhi")
			return buf.Flush()
		})
	})
	base := serve(t, ws)
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprint(conn, "GET /upgrade HTTP/1.1\r\nHost: x\r\nUpgrade: probe\r\nConnection: Upgrade\r\n\r\n")
	got, _ := io.ReadAll(conn)
	if !strings.HasPrefix(string(got), "HTTP/1.1 101 ") || !strings.HasSuffix(string(got), "hi") {
		t.Errorf("hijacked connection got %q", got)
	}
	if strings.Contains(string(got), meta.HeaderReadtime) {
		t.Errorf("meta wrote headers onto a hijacked connection: %q", got)
	}
}
