package egg

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"go.uber.org/fx"
)

// syncBuffer is a bytes.Buffer safe for a server goroutine and a test.
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

var startedLine = regexp.MustCompile(`egg started on http://(127\.0\.0\.1:\d+) \(\d+ ms\)`)

// runAsync runs `run` with a signal channel and waits for the started line.
func runAsync(t *testing.T, args []string, opts ...fx.Option) (addr string, sig chan os.Signal, logs *syncBuffer, code chan int) {
	t.Helper()
	logs = &syncBuffer{}
	sig = make(chan os.Signal, 2)
	code = make(chan int, 1)
	opts = append([]fx.Option{BaseDir(t.TempDir()), Env("unittest"), LogOutput(logs),
		Configure(func(c *LoggerConfig) { c.Level = "info" })}, opts...)
	go func() { code <- run(args, io.Discard, logs, sig, opts) }()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if m := startedLine.FindStringSubmatch(logs.String()); m != nil {
			return m[1], sig, logs, code
		}
		select {
		case c := <-code:
			t.Fatalf("run exited with %d before starting:\n%s", c, logs.String())
		case <-time.After(5 * time.Millisecond):
		}
	}
	t.Fatalf("no started line:\n%s", logs.String())
	return
}

func routes(fn func(r *Router)) fx.Option { return Module("routes", Routes(fn)) }

func TestRunStartServesAndStopsOnSignal(t *testing.T) {
	addr, sig, logs, code := runAsync(t, []string{"start", "--port", "0"},
		routes(func(r *Router) { r.Get("/ping", func(c *Ctx) error { return c.Text(200, "pong") }) }))
	res, err := http.Get("http://" + addr + "/ping")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if string(b) != "pong" {
		t.Fatalf("got %q", b)
	}
	sig <- syscall.SIGTERM
	if c := <-code; c != 0 {
		t.Fatalf("exit %d:\n%s", c, logs.String())
	}
	if !strings.Contains(logs.String(), "egg stopped") {
		t.Errorf("no stopped line:\n%s", logs.String())
	}
}

func TestRunDrainsInFlightRequests(t *testing.T) {
	entered := make(chan struct{})
	addr, sig, _, code := runAsync(t, []string{"--port", "0"},
		routes(func(r *Router) {
			r.Get("/slow", func(c *Ctx) error {
				close(entered)
				time.Sleep(300 * time.Millisecond)
				return c.Text(200, "done")
			})
		}))
	result := make(chan string, 1)
	go func() {
		res, err := http.Get("http://" + addr + "/slow")
		if err != nil {
			result <- err.Error()
			return
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		result <- string(b)
	}()
	<-entered
	sig <- syscall.SIGINT
	if got := <-result; got != "done" {
		t.Errorf("in-flight request got %q, want it to finish", got)
	}
	if c := <-code; c != 0 {
		t.Errorf("exit %d", c)
	}
	if _, err := http.Get("http://" + addr + "/slow"); err == nil {
		t.Error("server still accepts connections after stop")
	}
}

func TestRunSecondSignalForcesExit(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	addr, sig, logs, code := runAsync(t, []string{"--port", "0"},
		routes(func(r *Router) {
			r.Get("/stuck", func(c *Ctx) error {
				close(entered)
				<-release
				return nil
			})
		}))
	go func() {
		if res, err := http.Get("http://" + addr + "/stuck"); err == nil {
			res.Body.Close()
		}
	}()
	<-entered
	sig <- syscall.SIGTERM
	time.Sleep(50 * time.Millisecond)
	sig <- syscall.SIGTERM
	select {
	case c := <-code:
		if c != 1 {
			t.Errorf("forced exit code %d, want 1", c)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("second signal did not force exit")
	}
	if !strings.Contains(logs.String(), "second signal") {
		t.Errorf("missing forced-exit message:\n%s", logs.String())
	}
	close(release)
	// let the abandoned server finish before the leak check
	time.Sleep(100 * time.Millisecond)
}

func TestRunSubcommands(t *testing.T) {
	opts := []fx.Option{BaseDir(t.TempDir()), LogOutput(io.Discard),
		Configure(func(c *AppConfig) { c.Keys = []string{"very-secret"}; c.DumpConfig = false }),
		routes(func(r *Router) { r.Get("/users/:id", func(c *Ctx) error { return nil }).Name("user") })}
	t.Setenv("PORT", "1234")
	tests := []struct {
		args  []string
		code  int
		wants []string
		not   []string
	}{
		{[]string{"config", "--env", "prod", "--port", "4321"}, 0,
			[]string{`"env": "prod"`, `"Port": 4321`, `"Keys": "<Array len: 1>"`}, []string{"very-secret"}},
		{[]string{"config"}, 0, []string{`"env": "local"`, `"Port": 1234`}, nil},
		{[]string{"routes"}, 0, []string{"METHOD", "GET", "/users/{id}", "user", "egg.TestRunSubcommands"}, nil},
		{[]string{"graph"}, 0, []string{"digraph modules {", `"routes" [label="routes\n#1"];`}, []string{"egg.App"}},
		{[]string{"graph", "--fx"}, 0, []string{"digraph", "egg.App"}, nil},
		{[]string{"routes", "--fx"}, 2, []string{"--fx applies to the graph subcommand only"}, nil},
		{[]string{"config", "extra"}, 2, []string{`unexpected argument "extra"`}, nil},
		{[]string{"explode"}, 2, []string{`unknown subcommand "explode"`}, nil},
		{[]string{"help"}, 0, []string{"usage:", "[start|stop|config|routes|graph|help]", "-port"}, nil},
		{[]string{"--help"}, 0, []string{"usage:"}, nil},
		{[]string{"config", "--bogus"}, 2, []string{"flag provided but not defined"}, nil},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var out, errOut bytes.Buffer
			c := run(tt.args, &out, &errOut, nil, opts)
			got := out.String() + errOut.String()
			if c != tt.code {
				t.Fatalf("exit %d, want %d:\n%s", c, tt.code, got)
			}
			for _, w := range tt.wants {
				if !strings.Contains(got, w) {
					t.Errorf("missing %q in:\n%s", w, got)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("must not print %q", n)
				}
			}
		})
	}
}

func TestRunStartFailsClearly(t *testing.T) {
	var errOut bytes.Buffer
	c := run([]string{"--port", "99999"}, io.Discard, &errOut, nil, []fx.Option{BaseDir(t.TempDir()), LogOutput(io.Discard)})
	if c != 1 || !strings.Contains(errOut.String(), "config field Port = 99999 (set by flag --port)") {
		t.Errorf("exit %d: %s", c, errOut.String())
	}
}

func TestServerEventAndSafeTimeouts(t *testing.T) {
	var srv *http.Server
	app, err := New(BaseDir(t.TempDir()), Env("unittest"), WithServer(),
		Configure(func(c *ServerConfig) { c.Port = 0 }),
		Module("watch", fx.Invoke(func(a *App) { a.OnServer(func(s *http.Server) { srv = s }) })))
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer app.Stop(context.Background())
	if srv == nil {
		t.Fatal("server event did not fire")
	}
	if srv.ReadHeaderTimeout != 10*time.Second || srv.IdleTimeout != 120*time.Second || srv.MaxHeaderBytes != 1<<20 {
		t.Errorf("timeouts: header %v idle %v maxheader %d", srv.ReadHeaderTimeout, srv.IdleTimeout, srv.MaxHeaderBytes)
	}
	if !strings.HasPrefix(app.Addr(), "127.0.0.1:") {
		t.Errorf("default host must be loopback: %s", app.Addr())
	}
}

func TestListenErrorNamesTheAddress(t *testing.T) {
	first, err := New(BaseDir(t.TempDir()), Env("unittest"), WithServer(), Configure(func(c *ServerConfig) { c.Port = 0 }))
	if err != nil {
		t.Fatal(err)
	}
	if err := first.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer first.Stop(context.Background())
	_, port, _ := strings.Cut(first.Addr(), ":")
	second, err := New(BaseDir(t.TempDir()), Env("unittest"), WithServer(), Configure(func(c *ServerConfig) { c.Port = atoi(port) }))
	if err != nil {
		t.Fatal(err)
	}
	err = second.Start(context.Background())
	if err == nil || !strings.Contains(err.Error(), "cannot listen on 127.0.0.1:"+port) || !strings.Contains(err.Error(), "PORT or --port") {
		t.Errorf("got %v", err)
	}
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

func TestServingAppDumpsConfigByDefault(t *testing.T) {
	dir := t.TempDir()
	app, err := New(BaseDir(dir), Env("local"), WithServer(), LogOutput(io.Discard), Configure(func(c *ServerConfig) { c.Port = 0 }))
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer app.Stop(context.Background())
	for _, f := range []string{"application_config.json", "application_config_meta.json"} {
		if _, err := os.Stat(dir + "/run/" + f); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}
