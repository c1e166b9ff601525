package deploy

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
)

func TestMain(m *testing.M) { eggtest.VerifyTestMain(m) }

// nginxConfig is a whole nginx.conf around nginx/egg.conf, with the
// snippet's listen and upstream addresses pointed at listen and app, and
// every path nginx writes under dir.
func nginxConfig(t *testing.T, dir, listen, app string) string {
	t.Helper()
	snippet, err := os.ReadFile("nginx/egg.conf")
	if err != nil {
		t.Fatal(err)
	}
	s := string(snippet)
	for old, repl := range map[string]string{"listen 80;": "listen " + listen + ";", "server 127.0.0.1:7001;": "server " + app + ";"} {
		if !strings.Contains(s, old) {
			t.Fatalf("nginx/egg.conf has no %q to point at the test's addresses", old)
		}
		s = strings.Replace(s, old, repl, 1)
	}
	if err := os.WriteFile(filepath.Join(dir, "egg.conf"), []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(dir, "nginx.conf")
	temp := func(name string) string { return filepath.Join(dir, name) }
	main := fmt.Sprintf(`user root root;
daemon off;
master_process off;
pid %s;
error_log %s warn;
events {}
http {
    access_log off;
    client_body_temp_path %s;
    proxy_temp_path %s;
    fastcgi_temp_path %s;
    uwsgi_temp_path %s;
    scgi_temp_path %s;
    include %s;
}
`, temp("nginx.pid"), temp("error.log"), temp("body"), temp("proxy"), temp("fastcgi"), temp("uwsgi"), temp("scgi"), temp("egg.conf"))
	if err := os.WriteFile(conf, []byte(main), 0o644); err != nil {
		t.Fatal(err)
	}
	return conf
}

// whoami is what the test app tells about a request.
type whoami struct {
	IP, Protocol, Host, RequestID, Remote string
}

// nginx/egg.conf, in a real nginx in front of a real egg app in proxy
// mode: the app sees the client's address, protocol and host, one request
// id per request, keep-alive connections from nginx, and never a request
// with both Content-Length and Transfer-Encoding. Skipped without nginx
// (Debian's nginx-light has every module the snippet uses).
func TestNginxSnippet(t *testing.T) {
	nginx, err := exec.LookPath("nginx")
	if err != nil {
		t.Skip("nginx is not installed (apt-get install nginx-light); the snippet was not checked")
	}
	var mu sync.Mutex
	remotes := map[string]bool{}
	smuggled := 0
	app := eggtest.New(t, egg.WithServer(),
		egg.Configure(func(c *egg.ServerConfig) { c.Port = 0 }),
		egg.Configure(func(c *egg.HTTPConfig) { c.Proxy, c.MaxProxyCount = true, 1 }),
		egg.Routes(func(r *egg.Router) {
			r.Get("/whoami", func(c *egg.Ctx) error {
				mu.Lock()
				remotes[c.Request().RemoteAddr] = true
				mu.Unlock()
				return c.JSON(http.StatusOK, whoami{IP: c.IP(), Protocol: c.Protocol(), Host: c.Host(), RequestID: c.RequestID(), Remote: c.Request().RemoteAddr})
			})
			r.Post("/smuggle", func(c *egg.Ctx) error {
				mu.Lock()
				smuggled++
				mu.Unlock()
				return c.NoContent(http.StatusNoContent)
			})
		}),
	)

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	front := l.Addr().String()
	l.Close()
	dir := t.TempDir()
	conf := nginxConfig(t, dir, front, app.Addr())

	if out, err := exec.Command(nginx, "-t", "-p", dir, "-c", conf).CombinedOutput(); err != nil {
		t.Fatalf("nginx -t rejects nginx/egg.conf: %v\n%s", err, out)
	}
	cmd := exec.Command(nginx, "-p", dir, "-c", conf)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.Dial("tcp", front)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Fatalf("nginx did not listen on %s: %v\n%s", front, err, log)
		}
		time.Sleep(20 * time.Millisecond)
	}

	client := &http.Client{Timeout: 5 * time.Second}
	ids := map[string]bool{}
	const requests = 20
	for i := range requests {
		req, _ := http.NewRequest(http.MethodGet, "http://"+front+"/whoami", nil)
		req.Host = "hello.example.com"
		req.Header.Set("X-Forwarded-For", "203.0.113.66") // a client's forgery
		req.Header.Set("X-Forwarded-Host", "evil.example")
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var who whoami
		err = json.NewDecoder(res.Body).Decode(&who)
		res.Body.Close()
		if err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("request %d: %d %v", i, res.StatusCode, err)
		}
		if who.IP != "127.0.0.1" || who.Protocol != "http" || who.Host != "hello.example.com" {
			t.Errorf("the app saw ip %q, protocol %q, host %q; want the client's 127.0.0.1, http, hello.example.com",
				who.IP, who.Protocol, who.Host)
		}
		if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(who.RequestID) {
			t.Errorf("request id %q is not nginx's $request_id", who.RequestID)
		}
		ids[who.RequestID] = true
	}
	if len(ids) != requests {
		t.Errorf("%d distinct request ids for %d requests", len(ids), requests)
	}
	mu.Lock()
	conns := len(remotes)
	mu.Unlock()
	if conns > requests/4 {
		t.Errorf("nginx opened %d connections to the app for %d requests: upstream keepalive is not working", conns, requests)
	}

	// Content-Length and Transfer-Encoding together: nginx answers 400
	// and the app never sees the request.
	c, err := net.Dial("tcp", front)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	fmt.Fprint(c, "POST /smuggle HTTP/1.1\r\nHost: hello.example.com\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("CL+TE request: nginx answered %d, want 400", res.StatusCode)
	}
	mu.Lock()
	defer mu.Unlock()
	if smuggled != 0 {
		t.Errorf("the app received %d CL+TE requests", smuggled)
	}
}
