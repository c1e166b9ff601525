package skeleton_test

import (
	"bufio"
	"context"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/cors/internal/skeleton"
	"go.uber.org/fx"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// service is a real TCP service on loopback that answers PING with PONG
// and reports when a client hangs up.
func service(t *testing.T) (addr string, hungUp <-chan struct{}) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		sc := bufio.NewScanner(conn)
		for sc.Scan() {
			if sc.Text() == "PING" {
				_, _ = conn.Write([]byte("PONG\n"))
			}
		}
		close(done)
	}()
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	return ln.Addr().String(), done
}

func TestConnectsInWillReadyClosesInBeforeClose(t *testing.T) {
	addr, hungUp := service(t)
	var client *skeleton.Client
	app, err := egg.New(egg.Env("unittest"), skeleton.Module,
		egg.Configure(func(c *skeleton.Config) { c.Addr = addr }),
		fx.Populate(&client))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := client.Ping(ctx); err == nil {
		t.Fatal("Ping before start succeeded; the client must connect in WillReady")
	}
	if err := app.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if err := client.Ping(ctx); err != nil {
		t.Fatalf("Ping after start: %v", err)
	}
	if err := app.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	select {
	case <-hungUp:
	case <-time.After(5 * time.Second):
		t.Fatal("the service still has a connection after Stop; BeforeClose must close it")
	}
}

func TestStartFailsNamingTheFix(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	t.Setenv("SKELETON_ADDR", addr)
	app, err := egg.New(egg.Env("unittest"), skeleton.Module)
	if err != nil {
		t.Fatal(err)
	}
	err = app.Start(context.Background())
	for _, want := range []string{`module "skeleton"`, "WillReady", addr, "SKELETON_ADDR"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Start error %v; want it to contain %q", err, want)
		}
	}
}

func TestInvalidConfig(t *testing.T) {
	t.Setenv("SKELETON_ADDR", "localhost")
	_, err := egg.New(egg.Env("unittest"), skeleton.Module)
	if err == nil || !strings.Contains(err.Error(), `module "skeleton" config field Addr = localhost`) {
		t.Fatalf("egg.New error %v", err)
	}
}

// The skeleton in contrib/README.md is this package's source, word for word.
func TestREADMEHasThisSource(t *testing.T) {
	src, err := os.ReadFile("skeleton.go")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const start, end = "<!-- skeleton:start -->\n```go\n", "```\n<!-- skeleton:end -->"
	_, rest, ok := strings.Cut(string(readme), start)
	block, _, ok2 := strings.Cut(rest, end)
	if !ok || !ok2 {
		t.Fatalf("contrib/README.md has no block between %q and %q", start, end)
	}
	if block != string(src) {
		t.Fatal("contrib/README.md's skeleton differs from contrib/cors/internal/skeleton/skeleton.go; copy the file into the README")
	}
}
