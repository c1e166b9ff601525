package main

import (
	"bytes"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestRunAgainstAServer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/readyz", "/healthz":
			w.Write([]byte(`{"status":"ok"}`))
		case "/starting":
			http.Error(w, `{"status":"starting"}`, http.StatusServiceUnavailable)
		case "/moved":
			http.Redirect(w, r, "/readyz", http.StatusFound)
		case "/slow":
			time.Sleep(500 * time.Millisecond)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	port := u.Port()

	tests := []struct {
		name   string
		args   []string
		env    map[string]string
		code   int
		stderr string
	}{
		{"readyz by PORT", nil, map[string]string{"PORT": port}, 0, ""},
		{"healthz by -path", []string{"-path", "/healthz"}, map[string]string{"PORT": port}, 0, ""},
		{"-url", []string{"-url", srv.URL + "/readyz"}, nil, 0, ""},
		{"503", []string{"-url", srv.URL + "/starting"}, nil, 1, "503 Service Unavailable {\"status\":\"starting\"}"},
		{"404", []string{"-path", "/nope"}, map[string]string{"PORT": port}, 1, "404 Not Found"},
		{"a redirect is not followed", []string{"-url", srv.URL + "/moved"}, nil, 1, "302 Found"},
		{"timeout", []string{"-url", srv.URL + "/slow", "-timeout", "50ms"}, nil, 1, "no answer within the timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			if code := run(tt.args, env(tt.env), &stderr); code != tt.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tt.code, stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.stderr) || (tt.stderr == "" && stderr.Len() > 0) {
				t.Errorf("stderr %q, want it to contain %q", stderr.String(), tt.stderr)
			}
		})
	}
}

// -host sets the Host header, for an app with EGG_ALLOWED_HOSTS.
func TestRunSendsHost(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Host != "shop.example.com" || r.UserAgent() != "egg-healthcheck" {
			http.Error(w, "host "+r.Host+", user agent "+r.UserAgent(), http.StatusBadRequest)
		}
	}))
	defer srv.Close()
	var stderr bytes.Buffer
	if code := run([]string{"-url", srv.URL + "/readyz", "-host", "shop.example.com"}, env(nil), &stderr); code != 0 {
		t.Errorf("-host: exit %d; stderr %s", code, stderr.String())
	}
	if code := run([]string{"-url", srv.URL + "/readyz"}, env(nil), &stderr); code != 1 {
		t.Errorf("without -host: exit %d, want 1 from this server", code)
	}
}

func TestRunNothingListening(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	var stderr bytes.Buffer
	if code := run(nil, env(map[string]string{"PORT": strconv.Itoa(port)}), &stderr); code != 1 {
		t.Errorf("exit %d with nothing on port %d, want 1", code, port)
	}
	if !strings.Contains(stderr.String(), "connection refused") {
		t.Errorf("stderr %q, want the dial error", stderr.String())
	}
}

// Misuse exits 1 too (Docker reserves 2), with a message saying what to fix.
func TestRunMisuse(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		env    map[string]string
		stderr string
	}{
		{"bad PORT", nil, map[string]string{"PORT": "http"}, `PORT="http" is not a port number`},
		{"PORT out of range", nil, map[string]string{"PORT": "70000"}, "is not a port number"},
		{"relative path", []string{"-path", "readyz"}, nil, "give a path starting with /"},
		{"relative URL", []string{"-url", "/readyz"}, nil, "give an absolute http or https URL"},
		{"other scheme", []string{"-url", "ftp://127.0.0.1/readyz"}, nil, "give an absolute http or https URL"},
		{"zero timeout", []string{"-timeout", "0s"}, nil, "give a positive duration"},
		{"unknown flag", []string{"-port", "1"}, nil, "flag provided but not defined: -port"},
		{"argument", []string{"readyz"}, nil, `unexpected argument "readyz"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			if code := run(tt.args, env(tt.env), &stderr); code != 1 {
				t.Errorf("exit %d, want 1", code)
			}
			if !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("stderr %q, want it to contain %q", stderr.String(), tt.stderr)
			}
		})
	}
}

func TestTargetURL(t *testing.T) {
	tests := []struct{ rawURL, path, port, want string }{
		{"", "/readyz", "", "http://127.0.0.1:7001/readyz"},
		{"", "/readyz", "8080", "http://127.0.0.1:8080/readyz"},
		{"", "/healthz", "1", "http://127.0.0.1:1/healthz"},
		{"https://10.0.0.1:8443/readyz", "/ignored", "bad", "https://10.0.0.1:8443/readyz"},
	}
	for _, tt := range tests {
		if got, err := targetURL(tt.rawURL, tt.path, tt.port); err != nil || got != tt.want {
			t.Errorf("targetURL(%q, %q, %q) = %q, %v; want %q", tt.rawURL, tt.path, tt.port, got, err, tt.want)
		}
	}
}
