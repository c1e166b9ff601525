package socketio_test

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestNginxSticky runs nginx/sticky.conf in a real nginx in front of two
// instances: a long-polling session's requests all reach one instance
// (ip_hash), a WebSocket goes through the upgrade, and a message crosses
// the instances through Redis.
func TestNginxSticky(t *testing.T) {
	nginx, err := exec.LookPath("nginx")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("nginx is not installed; CI must provide it (.ci/run installs nginx-light)")
		}
		t.Skip("nginx is not installed (apt-get install nginx-light); the snippet was not checked")
	}
	ins := instances(t, 2, testKey(t))
	snippet, err := os.ReadFile("nginx/sticky.conf")
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	front := l.Addr().String()
	_ = l.Close()
	s := string(snippet)
	for old, repl := range map[string]string{
		"listen 80;":             "listen " + front + ";",
		"server 127.0.0.1:7001;": "server " + strings.TrimPrefix(ins[0].base, "http://") + ";",
		"server 127.0.0.1:7002;": "server " + strings.TrimPrefix(ins[1].base, "http://") + ";",
	} {
		if !strings.Contains(s, old) {
			t.Fatalf("nginx/sticky.conf has no %q", old)
		}
		s = strings.Replace(s, old, repl, 1)
	}
	dir := t.TempDir()
	p := func(name string) string { return filepath.Join(dir, name) }
	_ = os.WriteFile(p("sticky.conf"), []byte(s), 0o644)
	conf := fmt.Sprintf(`daemon off;
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
`, p("nginx.pid"), p("error.log"), p("body"), p("proxy"), p("fastcgi"), p("uwsgi"), p("scgi"), p("sticky.conf"))
	_ = os.WriteFile(p("nginx.conf"), []byte(conf), 0o644)
	if out, err := exec.Command(nginx, "-t", "-p", dir, "-c", p("nginx.conf")).CombinedOutput(); err != nil {
		t.Fatalf("nginx -t rejects nginx/sticky.conf: %v\n%s", err, out)
	}
	cmd := exec.Command(nginx, "-p", dir, "-c", p("nginx.conf"))
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	base := "http://" + front
	within(t, 5*time.Second, "nginx listening", func() bool {
		c, err := net.Dial("tcp", front)
		if err == nil {
			_ = c.Close()
		}
		return err == nil
	})

	// a long-polling session: handshake, connect to /chat, read the answer
	// — every request through nginx, each a new connection
	tr := &http.Transport{DisableKeepAlives: true}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	do := func(method, url, body string) string {
		t.Helper()
		req, _ := http.NewRequest(method, url, strings.NewReader(body))
		res, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 {
			t.Fatalf("%s %s: %d %s", method, url, res.StatusCode, b)
		}
		return string(b)
	}
	for range 5 {
		open := do("GET", base+"/socket.io/?EIO=4&transport=polling", "")
		sid := strings.Split(strings.Split(open, `"sid":"`)[1], `"`)[0]
		poll := base + "/socket.io/?EIO=4&transport=polling&sid=" + sid
		if got := do("POST", poll, "40/chat,{}"); got != "ok" {
			t.Fatalf("POST %q", got)
		}
		if got := do("GET", poll, ""); !strings.HasPrefix(got, `40/chat,{"sid":`) {
			t.Fatalf("the session's poll reached another instance: %q", got)
		}
	}

	// WebSockets through nginx, one per instance's side of the room
	a := dial(t, base, "/chat", nil)
	b := dial(t, ins[1].base, "/chat", nil)
	a.connected()
	b.connected()
	a.ack("join", "n")
	b.ack("join", "n")
	b.emit("say", map[string]any{"room": "n", "text": "through nginx"})
	if got := a.next("said")[0].(map[string]any); got["text"] != "through nginx" {
		t.Errorf("said %v", got)
	}
}
