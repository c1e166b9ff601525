package health_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/health"
	"go.uber.org/fx"
)

// syncBuffer collects log output from the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serving builds an app with its own server on a free port.
func serving(t *testing.T, logs io.Writer, opts ...fx.Option) *egg.App {
	t.Helper()
	app, err := egg.New(append([]fx.Option{egg.Env("unittest"), egg.BaseDir(t.TempDir()), egg.LogOutput(logs), egg.WithServer(),
		egg.Configure(func(c *egg.ServerConfig) { c.Port = 0 })}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return app
}

func get(c *http.Client, url string) (int, string, error) {
	res, err := c.Get(url)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, string(b), err
}

// gate blocks its ServerDidReady until released, reporting the address.
type gate struct {
	app     *egg.App
	entered chan string
	release chan struct{}
}

func (g *gate) ServerDidReady(context.Context) error {
	g.entered <- g.app.Addr()
	<-g.release
	return nil
}

// Readiness is 503 "starting" until the ServerDidReady phase reaches the
// module, while liveness is already 200.
func TestReadinessWaitsForServerDidReady(t *testing.T) {
	g := &gate{entered: make(chan string, 1), release: make(chan struct{})}
	app := serving(t, io.Discard,
		egg.Module("gate", egg.Boot(func(a *egg.App) *gate { g.app = a; return g })), // loads before health
		health.Module)
	started := make(chan error, 1)
	go func() { started <- app.Start(context.Background()) }()
	addr := <-g.entered
	client := &http.Client{Timeout: 5 * time.Second}
	defer client.CloseIdleConnections()
	if code, body, err := get(client, "http://"+addr+"/readyz"); err != nil || code != 503 || !strings.Contains(body, `"status":"starting"`) {
		t.Errorf("during ServerDidReady: %d %q %v", code, body, err)
	}
	if code, _, err := get(client, "http://"+addr+"/healthz"); err != nil || code != 200 {
		t.Errorf("liveness during ServerDidReady: %d %v", code, err)
	}
	close(g.release)
	if err := <-started; err != nil {
		t.Fatal(err)
	}
	if code, body, err := get(client, "http://"+addr+"/readyz"); err != nil || code != 200 {
		t.Errorf("after start: %d %q %v", code, body, err)
	}
	if err := app.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// Under load, a stop turns readiness 503 while the listener is still open:
// a client that polls /readyz and stops sending new requests once it is
// 503 sees no failed request, and its poller sees the 503 before any
// refused connection. In-flight requests drain.
func TestReadinessTurns503BeforeTheListenerCloses(t *testing.T) {
	logs := &syncBuffer{}
	var served atomic.Int64
	app := serving(t, logs, health.Module,
		egg.ConfigureEnv("unittest", func(c *health.Config) { c.DrainDelay = 300 * time.Millisecond }), // the module's own unittest default is 0
		egg.Configure(func(c *egg.ServerConfig) { c.DrainTimeout, c.ShutdownTimeout = 200*time.Millisecond, 5*time.Second }),
		egg.Configure(func(c *egg.LoggerConfig) { c.Level = "info" }),
		egg.Routes(func(r *egg.Router) {
			r.Get("/work", func(c *egg.Ctx) error {
				time.Sleep(2 * time.Millisecond)
				served.Add(1)
				return c.Text(200, "done")
			})
		}))
	if err := app.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	base := "http://" + app.Addr()

	var ready atomic.Bool
	ready.Store(true)
	firstNotReady := make(chan string, 1) // what the poller saw first when readiness stopped being 200
	probeClient := &http.Client{Timeout: 5 * time.Second}
	defer probeClient.CloseIdleConnections()
	go func() {
		for {
			code, body, err := get(probeClient, base+"/readyz")
			if err != nil || code != 200 {
				ready.Store(false)
				if err != nil {
					firstNotReady <- "error: " + err.Error()
				} else {
					firstNotReady <- fmt.Sprintf("%d %s", code, strings.TrimSpace(body))
				}
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	}()

	workClient := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
	defer workClient.CloseIdleConnections()
	var ok, failed atomic.Int64
	var failMu sync.Mutex
	var failures []string
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ready.Load() {
				code, body, err := get(workClient, base+"/work")
				if err != nil || code != 200 || body != "done" {
					failed.Add(1)
					failMu.Lock()
					failures = append(failures, fmt.Sprintf("%d %q %v", code, body, err))
					failMu.Unlock()
					continue
				}
				ok.Add(1)
			}
		}()
	}
	for deadline := time.Now().Add(10 * time.Second); ok.Load() < 200; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("load did not build up: %d ok, %d failed", ok.Load(), failed.Load())
		}
	}
	stopped := make(chan error, 1)
	go func() { stopped <- app.Stop(context.Background()) }()

	seen := <-firstNotReady
	if code, _, err := get(probeClient, base+"/healthz"); err != nil || code != 200 {
		t.Errorf("liveness while draining: %d %v; want 200, a draining app must not be restarted", code, err)
	}
	wg.Wait()
	if err := <-stopped; err != nil {
		t.Fatal(err)
	}
	var b struct{ Status string }
	status, body, _ := strings.Cut(seen, " ")
	if status != "503" || json.Unmarshal([]byte(body), &b) != nil || b.Status != "draining" {
		t.Errorf("the poller first saw %q; want a 503 draining answer before the listener closed", seen)
	}
	if n := failed.Load(); n != 0 {
		t.Errorf("%d of %d requests failed: %v", n, n+ok.Load(), failures)
	}
	if served.Load() != ok.Load() {
		t.Errorf("served %d, clients got %d", served.Load(), ok.Load())
	}
	if _, _, err := get(&http.Client{Timeout: time.Second}, base+"/healthz"); err == nil {
		t.Error("the listener is still open after Stop")
	}
	if !strings.Contains(logs.String(), "health: readiness answers 503; serving on while balancers notice") {
		t.Errorf("no drain delay line:\n%s", logs.String())
	}
	t.Logf("%d requests served under load, 0 failed; poller saw %s", ok.Load(), seen)
}

// An app without a server of its own (egg.New without WithServer, or
// egg.Embed) has no listener to keep open: its stop does not wait
// DrainDelay.
func TestNoDrainDelayWithoutOwnServer(t *testing.T) {
	logs := &syncBuffer{}
	app, err := egg.New(egg.Env("prod"), egg.BaseDir(t.TempDir()), egg.LogOutput(logs), health.Module)
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	w := &recorder{header: http.Header{}}
	r, _ := http.NewRequest("GET", "/readyz", nil)
	app.Handler().ServeHTTP(w, r)
	if w.code != 200 {
		t.Errorf("readyz: %d", w.code)
	}
	if err := app.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(logs.String(), "serving on while balancers notice") {
		t.Errorf("an app without its own server waited DrainDelay:\n%s", logs.String())
	}
	if !app.Draining() {
		t.Error("the stopped app is not draining")
	}
}

// recorder is a minimal ResponseWriter.
type recorder struct {
	header http.Header
	code   int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) Write(p []byte) (int, error) { return r.body.Write(p) }
func (r *recorder) WriteHeader(code int)        { r.code = code }
