package main

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// buildSite builds this package's binary into a temporary directory and
// returns its path.
func buildSite(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("the go command is not on PATH: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "site")
	cmd := exec.Command(goBin, "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// freePort returns a TCP port of 127.0.0.1 that was free a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("finding a free port: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// syncBuffer collects a process's output for the test to read.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// process is the site running as a binary.
type process struct {
	cmd    *exec.Cmd
	dir    string // its working directory, a fresh temporary one
	out    *syncBuffer
	exited chan struct{}
	err    error // Wait's result, once exited is closed
}

// startSite runs bin in a directory that holds none of the site's files,
// with args and extra environment, and waits until it answers on port.
// The process is stopped when the test ends, if it still runs. What the
// site reads to find its port, env, database and Redis comes from env
// only, never from the test's own environment.
func startSite(t *testing.T, bin string, port int, args []string, env ...string) *process {
	t.Helper()
	p := &process{dir: t.TempDir(), out: &syncBuffer{}, exited: make(chan struct{})}
	p.cmd = exec.Command(bin, args...)
	p.cmd.Dir = p.dir // no app/view, app/public or config/locales here
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PORT=") && !strings.HasPrefix(kv, "EGG_SERVER_ENV=") && !strings.HasPrefix(kv, "EGG_RUN_DIR=") &&
			!strings.HasPrefix(kv, "DATABASE_URL=") && !strings.HasPrefix(kv, "REDIS_URL=") &&
			!strings.HasPrefix(kv, "GORM_") && !strings.HasPrefix(kv, "REDIS_") {
			p.cmd.Env = append(p.cmd.Env, kv)
		}
	}
	p.cmd.Env = append(p.cmd.Env, env...)
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}
	go func() {
		p.err = p.cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		select {
		case <-p.exited:
		default:
			_ = p.cmd.Process.Kill()
			<-p.exited
		}
	})

	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	deadline := time.Now().Add(30 * time.Second)
	for {
		res, err := http.Get(base + "/")
		if err == nil {
			res.Body.Close()
			return p
		}
		select {
		case <-p.exited:
			t.Fatalf("the site exited before answering on port %d (%v); its output:\n%s", port, p.err, p.out)
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("the site does not answer on port %d after 30s; its output:\n%s", port, p.out)
		}
	}
}

// stop sends SIGTERM and checks that the site exits with status 0.
func (p *process) stop(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("SIGTERM: %v", err)
	}
	select {
	case <-p.exited:
		if p.err != nil {
			t.Errorf("the site exited with %v after SIGTERM; its output:\n%s", p.err, p.out)
		}
	case <-time.After(15 * time.Second):
		t.Errorf("the site still runs 15s after SIGTERM; its output:\n%s", p.out)
	}
}

// noRedirect is a client that returns redirects instead of following them.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// get fetches base+path with an Accept-Language, failing the test on a
// transport error.
func get(t *testing.T, url, lang string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if lang != "" {
		req.Header.Set("Accept-Language", lang)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("GET %s: reading the body: %v", url, err)
	}
	return res, string(b)
}

// TestBinaryServesFromAnyDirectory builds the site, runs it outside its
// source directory on a free port (by --port, then by PORT) and checks the
// pages, the stylesheet and the messages over a real socket: the embedded
// files make it independent of the working directory.
func TestBinaryServesFromAnyDirectory(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary; skipped with -short")
	}
	bin := buildSite(t)
	for _, how := range []string{"--port", "PORT"} {
		t.Run(how, func(t *testing.T) {
			port := freePort(t)
			var p *process
			if how == "--port" {
				p = startSite(t, bin, port, []string{"--port", strconv.Itoa(port)})
			} else {
				p = startSite(t, bin, port, nil, "PORT="+strconv.Itoa(port))
			}
			base := fmt.Sprintf("http://127.0.0.1:%d", port)

			res, body := get(t, base+"/", "en-US")
			if res.StatusCode != http.StatusOK || greeting(body) != "Hello" || !strings.Contains(body, `href="/public/app.css"`) {
				t.Errorf("GET / (en-US) = %d, greeting %q; want 200, Hello, a link to /public/app.css", res.StatusCode, greeting(body))
			}
			res, body = get(t, base+"/?locale=zh-CN", "")
			if greeting(body) != "你好" || findCookie(res, "locale") == nil {
				t.Errorf("GET /?locale=zh-CN greets %q, locale cookie %v; want 你好 and the cookie", greeting(body), findCookie(res, "locale"))
			}
			res, body = get(t, base+"/public/app.css", "")
			if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") || !strings.Contains(body, ".greeting") {
				t.Errorf("GET /public/app.css = %d %q", res.StatusCode, res.Header.Get("Content-Type"))
			}
			res, _ = get(t, base+"/login", "zh-CN")
			if res.StatusCode != http.StatusOK {
				t.Errorf("GET /login = %d", res.StatusCode)
			}
			// no DATABASE_URL: the accounts live in the SQLite file run/site.db
			// of the working directory, made at start-up with the demo account
			res, err := noRedirect.PostForm(base+"/login", url.Values{"username": {"alice"}, "password": {"secret"}})
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusFound || res.Header.Get("Location") != "/me" {
				t.Errorf("POST /login as alice = %d %q, want 302 /me", res.StatusCode, res.Header.Get("Location"))
			}
			if _, err := os.Stat(filepath.Join(p.dir, "run", "site.db")); err != nil {
				t.Errorf("no SQLite file run/site.db in the working directory: %v", err)
			}
			p.stop(t)
			if want := fmt.Sprintf("egg started on http://127.0.0.1:%d", port); !strings.Contains(p.out.String(), want) {
				t.Errorf("the log does not say %q:\n%s", want, p.out)
			}
			if !strings.Contains(p.out.String(), "heartbeat") {
				t.Errorf("the log has no heartbeat:\n%s", p.out)
			}
		})
	}
}
