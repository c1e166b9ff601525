package socketio_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/socketio"
	"go.uber.org/fx"
)

func fxPopulate(targets ...any) fx.Option { return fx.Populate(targets...) }

func get(t *testing.T, url string, header ...string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// TestClientScript: egg's client is served at <Path>socket.io.js with an
// ETag; ClientDir serves npm socket.io-client's files instead; with
// ServeClient off nothing is served there.
func TestClientScript(t *testing.T) {
	t.Run("built in", func(t *testing.T) {
		_, base, _ := serve(t)
		res, body := get(t, base+"/socket.io/socket.io.js")
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/javascript; charset=utf-8" || body != string(socketio.ClientScript) {
			t.Fatalf("%d %s", res.StatusCode, res.Header)
		}
		res, _ = get(t, base+"/socket.io/socket.io.js", "If-None-Match", res.Header.Get("ETag"))
		if res.StatusCode != http.StatusNotModified {
			t.Errorf("revalidation: %d", res.StatusCode)
		}
		if res, _ := get(t, base+"/socket.io/socket.io.min.js"); res.StatusCode == 200 {
			t.Errorf("socket.io.min.js is npm's file; without ClientDir it is not served")
		}
	})
	t.Run("client dir", func(t *testing.T) {
		dir := t.TempDir()
		_ = os.WriteFile(filepath.Join(dir, "socket.io.min.js"), []byte("/* npm */"), 0o644)
		_, base, _ := serve(t, egg.Configure(func(c *socketio.Config) { c.ClientDir = dir; c.Path = "/rt/" }))
		if res, body := get(t, base+"/rt/socket.io.min.js"); res.StatusCode != 200 || body != "/* npm */" {
			t.Errorf("%d %q", res.StatusCode, body)
		}
		if res, body := get(t, base+"/rt/socket.io.js"); res.StatusCode != 404 || !strings.Contains(body, "SOCKETIO_CLIENT_DIR") {
			t.Errorf("a file missing from ClientDir: %d %q", res.StatusCode, body)
		}
		// the engine answers under the configured path
		if res, body := get(t, base+"/rt/?EIO=4&transport=polling"); res.StatusCode != 200 || !strings.HasPrefix(body, `0{"`) {
			t.Errorf("handshake under /rt/: %d %q", res.StatusCode, body)
		}
	})
	t.Run("off", func(t *testing.T) {
		_, base, _ := serve(t, egg.Configure(func(c *socketio.Config) { c.ServeClient = false }))
		if res, _ := get(t, base+"/socket.io/socket.io.js"); res.StatusCode == 200 {
			t.Errorf("served with ServeClient off")
		}
	})
}

// TestNotStarted: before Start the server answers 503 and its operations
// say to wait for the app.
func TestNotStarted(t *testing.T) {
	s := socketio.New(socketio.DefaultConfig(), socketio.Options{})
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/socket.io/?EIO=4&transport=polling", nil))
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
		t.Errorf("%d %v", rec.Code, rec.Header())
	}
	n := s.Of("/chat")
	if err := n.Emit("x"); err == nil || !strings.Contains(err.Error(), "has not started") {
		t.Errorf("Emit: %v", err)
	}
	if _, err := n.FetchSockets(context.Background()); err == nil {
		t.Error("FetchSockets before start")
	}
	if err := s.Close(context.Background()); err != nil {
		t.Errorf("Close before Start: %v", err)
	}
}

// TestWithoutEgg: the server works as a plain http.Handler, without an
// app.
func TestWithoutEgg(t *testing.T) {
	s := socketio.New(socketio.DefaultConfig(), socketio.Options{})
	s.Of("/").Route("echo", func(c *socketio.Ctx) error { c.Ack(c.Args()...); return nil })
	if err := s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/socket.io/", s)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	defer func() { _ = s.Close(context.Background()) }()
	c := dial(t, srv.URL, "/", nil)
	c.connected()
	if got := jsonOf(c.ack("echo", "x")); got != `["x"]` {
		t.Errorf("echo %s", got)
	}
	c.close()
}

// TestStopDisconnectsClientsAndRunsTheirMiddleware: stopping the app
// disconnects every client ("server shutting down" is not retried by the
// clients; a transport close is) and waits for the code after next().
func TestStopDisconnectsClientsAndRunsTheirMiddleware(t *testing.T) {
	after := make(chan string, 1)
	app, err := egg.New(egg.Env("unittest"), socketio.Module, egg.WithServer(),
		egg.Configure(func(c *egg.ServerConfig) { c.Port = 0 }),
		socketio.ConnectionMiddleware("slow", func(c *socketio.Ctx, next func() error) error {
			err := next()
			time.Sleep(100 * time.Millisecond) // e.g. saving the session's end
			after <- c.DisconnectReason()
			return err
		}),
		egg.Configure(func(c *socketio.Config) { c.Namespace("/").ConnectionMiddleware = []string{"slow"} }))
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	c := dial(t, "http://"+app.Addr(), "/", nil)
	c.connected()
	if err := app.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-after:
		if r == "" {
			t.Error("no disconnect reason")
		}
	default:
		t.Fatal("Stop returned before the middleware's code after next() ran")
	}
	select {
	case <-c.discs:
	case <-time.After(3 * time.Second):
		t.Fatal("the client was not disconnected")
	}
}

// TestLocalOperationsWithoutRedis: remoteDisconnect and allRooms work on
// one instance; an unknown socket is ErrNoSocket.
func TestLocalOperationsWithoutRedis(t *testing.T) {
	_, base, io := serve(t, fx.Invoke(chatRoutes))
	c := dial(t, base, "/chat", nil)
	id := c.connected()
	c.ack("join", "room1")
	nsp := io.Of("/chat")
	rooms, err := nsp.AllRooms(context.Background())
	if err != nil || !contains(rooms, "room1") || !contains(rooms, id) {
		t.Errorf("AllRooms %v %v", rooms, err)
	}
	if err := nsp.RemoteDisconnect(context.Background(), "nope", false); !errors.Is(err, socketio.ErrNoSocket) {
		t.Errorf("unknown socket: %v", err)
	}
	if err := nsp.RemoteDisconnect(context.Background(), id, false); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-c.discs:
		if r != "io server disconnect" {
			t.Errorf("reason %q", r)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("not disconnected")
	}
}

// TestSharesTheAppsHTTPLayer: the endpoint is a route of the app, so the
// app's middleware wrap it (a CORS header here) and the socket's IP is the
// one egg computes (proxy mode: X-Forwarded-For).
func TestSharesTheAppsHTTPLayer(t *testing.T) {
	_, base, _ := serve(t,
		egg.Configure(func(c *egg.HTTPConfig) { c.Proxy, c.MaxProxyCount = true, 1 }),
		egg.Middleware("cors", func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Access-Control-Allow-Origin", "https://app.example")
				next.ServeHTTP(w, r)
			})
		}),
		egg.UseMiddleware("cors"),
		fx.Invoke(func(io *socketio.Server) {
			io.Of("/").Route("ip", func(c *socketio.Ctx) error { c.Ack(c.IP()); return nil })
		}))
	res, _ := get(t, base+"/socket.io/?EIO=4&transport=polling")
	if res.StatusCode != 200 || res.Header.Get("Access-Control-Allow-Origin") != "https://app.example" {
		t.Errorf("handshake through the app's middleware: %d %v", res.StatusCode, res.Header)
	}
	c := dial(t, base, "/", nil, http.Header{"X-Forwarded-For": {"203.0.113.9"}})
	c.connected()
	if got := jsonOf(c.ack("ip")); got != `["203.0.113.9"]` {
		t.Errorf("IP %s, want the forwarded address", got)
	}
}
