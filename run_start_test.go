package egg

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.uber.org/fx"
)

// selfSigned writes a self-signed certificate for 127.0.0.1 and
// localhost and its key into dir, and returns their paths and a pool
// that trusts the certificate.
func selfSigned(t *testing.T, dir string) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: "egg test"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

var startedTLSLine = regexp.MustCompile(`egg started on https://(127\.0\.0\.1:\d+) \(\d+ ms\)`)

// start --https-cert/--https-key serves TLS with HTTP/2, and plain HTTP
// on that port gets net/http's 400.
func TestStartHTTPS(t *testing.T) {
	certFile, keyFile, pool := selfSigned(t, t.TempDir())
	logs := &syncBuffer{}
	sig := make(chan os.Signal, 2)
	code := make(chan int, 1)
	opts := []fx.Option{BaseDir(t.TempDir()), Env("unittest"), LogOutput(logs), Configure(func(c *LoggerConfig) { c.Level = "info" }),
		routes(func(r *Router) { r.Get("/ping", func(c *Ctx) error { return c.Text(200, "pong "+c.Request().Proto) }) })}
	go func() {
		code <- run([]string{"start", "--port", "0", "--https-cert", certFile, "--https-key", keyFile}, io.Discard, logs, sig, opts)
	}()
	var addr string
	for deadline := time.Now().Add(5 * time.Second); addr == ""; time.Sleep(5 * time.Millisecond) {
		if m := startedTLSLine.FindStringSubmatch(logs.String()); m != nil {
			addr = m[1]
		} else if time.Now().After(deadline) {
			t.Fatalf("no https started line:\n%s", logs.String())
		}
	}
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}, ForceAttemptHTTP2: true}
	defer tr.CloseIdleConnections()
	res, err := (&http.Client{Transport: tr}).Get("https://" + addr + "/ping")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || res.ProtoMajor != 2 || string(b) != "pong HTTP/2.0" || res.TLS == nil {
		t.Errorf("got %d %s %q", res.StatusCode, res.Proto, b)
	}
	plain, err := http.Get("http://" + addr + "/ping")
	if err != nil {
		t.Fatal(err)
	}
	plain.Body.Close()
	if plain.StatusCode != http.StatusBadRequest {
		t.Errorf("plain HTTP on the HTTPS port: %d", plain.StatusCode)
	}
	sig <- syscall.SIGTERM
	if c := <-code; c != 0 {
		t.Fatalf("exit %d:\n%s", c, logs.String())
	}
}

// HTTPS from the flags or EGG_HTTPS_CERT makes 8443 the default port;
// --port, PORT and the app's own Configure still choose.
func TestHTTPSDefaultPort(t *testing.T) {
	byFlags := &startFlags{httpsCert: "c.pem", httpsKey: "k.pem"}
	tests := []struct {
		name  string
		env   map[string]string
		opts  []fx.Option
		port  int
		layer string
	}{
		{"flags", nil, byFlags.options(false), 8443, "default with HTTPS (module egg)"},
		{"flags and --port", nil, byFlags.options(true), 7001, "default (module egg)"},
		{"flags and PORT", map[string]string{"PORT": "9443"}, byFlags.options(false), 9443, "env PORT"},
		{"flags and Configure", nil, append(byFlags.options(false), Configure(func(c *ServerConfig) { c.Port = 9000 })), 9000, "app"},
		{"env", map[string]string{"EGG_HTTPS_CERT": "c.pem", "EGG_HTTPS_KEY": "k.pem"}, (*startFlags)(nil).options(false), 8443, "default with HTTPS"},
		{"no HTTPS", nil, (*startFlags)(nil).options(false), 7001, "default (module egg)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			environ := []string{}
			for k, v := range tt.env {
				environ = append(environ, k+"="+v)
			}
			opts := append([]fx.Option{newSetting("test env", func(p *plan) { p.environ = func() []string { return environ } })}, tt.opts...)
			k, err := assemble(append(opts, BaseDir(t.TempDir())))
			if err != nil {
				t.Fatal(err)
			}
			d := k.app.configs.byType[reflect.TypeFor[ServerConfig]()]
			if got := ConfigOf[ServerConfig](k.app.configs).Port; got != tt.port || !strings.HasPrefix(d.meta["Port"], tt.layer) {
				t.Errorf("port %d set by %q, want %d by %q", got, d.meta["Port"], tt.port, tt.layer)
			}
		})
	}
}

func TestStartHTTPSFailsClearly(t *testing.T) {
	dir := t.TempDir()
	certFile, _, _ := selfSigned(t, dir)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--https-cert", filepath.Join(dir, "missing.pem"), "--https-key", filepath.Join(dir, "missing.key")},
			"egg: cannot load the HTTPS key pair (CertFile"},
		{[]string{"--https-cert", certFile, "--https-key", certFile}, "egg: cannot load the HTTPS key pair"},
		{[]string{"--https.cert", certFile}, "config field KeyFile (set by default (module egg)) is invalid: is empty while CertFile is set"},
		{[]string{"--https-key", certFile}, "config field CertFile"},
	}
	for _, tt := range tests {
		var errOut bytes.Buffer
		c := run(append([]string{"start", "--port", "0"}, tt.args...), io.Discard, &errOut, nil,
			[]fx.Option{BaseDir(t.TempDir()), Env("unittest"), LogOutput(io.Discard)})
		if c != 1 || !strings.Contains(errOut.String(), tt.want) {
			t.Errorf("%v: exit %d, stderr:\n%s", tt.args, c, errOut.String())
		}
	}
}

// A foreground start keeps run/{title}.pid while it runs and removes it
// when it stops.
func TestStartWritesPIDFile(t *testing.T) {
	base := t.TempDir()
	_, sig, logs, code := runAsync(t, []string{"start", "--port", "0", "--title", "fg"}, BaseDir(base))
	path := filepath.Join(base, "run", "fg.pid")
	if b, err := os.ReadFile(path); err != nil || string(b) != strconv.Itoa(os.Getpid())+"\n" {
		t.Errorf("pid file: %q %v", b, err)
	}
	sig <- syscall.SIGTERM
	if c := <-code; c != 0 {
		t.Fatalf("exit %d:\n%s", c, logs.String())
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("pid file left after stop: %v", err)
	}
	// without --title: egg-server-{app name}
	_, sig, _, code = runAsync(t, []string{"start", "--port", "0"}, BaseDir(base), Name("shop"))
	if _, err := os.Stat(filepath.Join(base, "run", "egg-server-shop.pid")); err != nil {
		t.Errorf("default title: %v", err)
	}
	sig <- syscall.SIGTERM
	<-code
}

func TestStartFlagMistakes(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"start", "--stdout", "out.log"}, 2, "--stdout and --stderr apply with --daemon"},
		{[]string{"start", "--title", "a/b"}, 2, `--title "a/b" is not a valid title`},
		{[]string{"start", "--timeout", "soon"}, 2, `invalid value "soon" for flag -timeout: "soon" is not a duration`},
		{[]string{"stop", "--daemon"}, 2, "flag provided but not defined: -daemon"},
		{[]string{"stop", "--title", "a b"}, 2, `--title "a b" is not a valid title`},
	}
	for _, tt := range tests {
		var errOut bytes.Buffer
		c := run(tt.args, io.Discard, &errOut, nil, []fx.Option{BaseDir(t.TempDir()), Env("unittest"), LogOutput(io.Discard)})
		if c != tt.code || !strings.Contains(errOut.String(), tt.want) {
			t.Errorf("%v: exit %d, stderr:\n%s", tt.args, c, errOut.String())
		}
	}
}

// --workers and --ignore-stderr are Egg's words: accepted, explained.
func TestStartExplainsEggFlags(t *testing.T) {
	_, sig, logs, code := runAsync(t, []string{"start", "--port", "0", "--workers", "8", "--ignore-stderr"})
	sig <- syscall.SIGTERM
	<-code
	for _, want := range []string{"egg: --workers 8 ignored: egg runs one process, and one Go process uses every CPU core (GOMAXPROCS is",
		"--ignore-stderr has no effect"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("missing %q in:\n%s", want, logs.String())
		}
	}
}

// The ready pipe carries one message and closes; on a nil pipe (the
// foreground) it does nothing.
func TestReadyPipeMessages(t *testing.T) {
	var nilPipe *readyPipe
	nilPipe.ready("http://x", "run/x.pid")
	nilPipe.fail(io.EOF)
	for _, tt := range []struct {
		send func(*readyPipe)
		want readyMessage
	}{
		{func(p *readyPipe) { p.ready("https://127.0.0.1:8443", "/srv/run/blue.pid") },
			readyMessage{ready: true, url: "https://127.0.0.1:8443", pidFile: "/srv/run/blue.pid"}},
		{func(p *readyPipe) { p.fail(context.DeadlineExceeded) }, readyMessage{err: "context deadline exceeded"}},
	} {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		p := &readyPipe{f: w}
		tt.send(p)
		p.fail(io.EOF) // a second message is not sent: the pipe is closed
		b, _ := io.ReadAll(r)
		r.Close()
		if got := parseReadyMessage(string(b)); got != tt.want {
			t.Errorf("got %+v, want %+v", got, tt.want)
		}
	}
	if got := parseReadyMessage(""); got != (readyMessage{}) {
		t.Errorf("empty: %+v", got)
	}
}
