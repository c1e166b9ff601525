package httpclient

import (
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/egg-go/egg/modules/security"
)

func TestSSRFGuardOffByDefault(t *testing.T) {
	if DefaultConfig().SSRF {
		t.Fatal("the SSRF guard is on by default; Egg has it off")
	}
	srv := newUpstream(t, flaky(0))
	c := newTestClient(t, testConfig())
	if err := c.GetJSON(t.Context(), srv.URL, nil); err != nil {
		t.Fatalf("guard off: %v", err)
	}
}

func TestSSRFRefusals(t *testing.T) {
	srv := newUpstream(t, flaky(0))
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	cfg := testConfig()
	cfg.SSRF = true
	c := newTestClient(t, cfg)
	for _, target := range []string{
		srv.URL,                          // 127.0.0.1
		"http://localhost:" + port + "/", // a name that resolves to loopback
		"http://10.0.0.1:81/",            // private: refused before any packet is sent
		"http://169.254.169.254/latest/meta-data/",
		"http://[::ffff:127.0.0.1]:" + port + "/",
		"http://0.0.0.0:" + port + "/",
	} {
		t.Run(target, func(t *testing.T) {
			err := c.GetJSON(t.Context(), target, nil)
			if !errors.Is(err, security.ErrSSRFRefused) {
				t.Fatalf("GET %s: %v, want an SSRF refusal", target, err)
			}
			var se *security.SSRFError
			if !errors.As(err, &se) {
				t.Fatalf("GET %s: %v is not a *security.SSRFError", target, err)
			}
		})
	}
	if n := srv.hits.Load(); n != 0 {
		t.Fatalf("the upstream got %d requests through the guard", n)
	}
}

func TestSSRFAllowList(t *testing.T) {
	srv := newUpstream(t, flaky(0))
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())

	cfg := testConfig()
	cfg.SSRF = true
	cfg.SSRFAllow = []string{"127.0.0.1"}
	c := newTestClient(t, cfg)
	if err := c.GetJSON(t.Context(), srv.URL, nil); err != nil {
		t.Fatalf("127.0.0.1 allowed: %v", err)
	}
	if err := c.GetJSON(t.Context(), "http://10.0.0.1:81/", nil); !errors.Is(err, security.ErrSSRFRefused) {
		t.Fatalf("10.0.0.1 not allowed: %v, want a refusal", err)
	}

	cfg.SSRFAllow = nil
	cfg.SSRFAllowHosts = []string{"LocalHost"}
	c = newTestClient(t, cfg)
	if err := c.GetJSON(t.Context(), "http://localhost:"+port+"/", nil); err != nil {
		t.Fatalf("host localhost allowed: %v", err)
	}
	if err := c.GetJSON(t.Context(), srv.URL, nil); !errors.Is(err, security.ErrSSRFRefused) {
		t.Fatalf("127.0.0.1 by address is not an allowed host: %v, want a refusal", err)
	}
	if n := srv.hits.Load(); n != 2 {
		t.Fatalf("upstream hits = %d, want 2 (one per allowed call)", n)
	}
}

// A redirect is dialed through the guard too: an allowed host cannot send
// the client on to an internal address.
func TestSSRFRedirectToInternal(t *testing.T) {
	internal := newUpstream(t, flaky(0))
	public := newUpstream(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, internal.URL+"/admin", http.StatusFound) // by address: not allowed
	})
	_, port, _ := net.SplitHostPort(public.Listener.Addr().String())
	cfg := testConfig()
	cfg.SSRF = true
	cfg.SSRFAllowHosts = []string{"localhost"}
	c := newTestClient(t, cfg)
	err := c.GetJSON(t.Context(), "http://localhost:"+port+"/", nil)
	if !errors.Is(err, security.ErrSSRFRefused) {
		t.Fatalf("redirect to %s: %v, want an SSRF refusal", internal.URL, err)
	}
	if public.hits.Load() != 1 || internal.hits.Load() != 0 {
		t.Fatalf("hits: public %d, internal %d; want 1 and 0", public.hits.Load(), internal.hits.Load())
	}
}

// Through a proxy the dialer sees only the proxy, so the target is
// checked before the request is handed to it.
func TestSSRFThroughProxy(t *testing.T) {
	proxyURL, _ := url.Parse("http://proxy.internal:3128")
	g := &ssrfDialer{guard: security.NewSSRFGuard(), hosts: map[string]bool{"allowed.internal": true}}
	proxy := g.proxy(func(*http.Request) (*url.URL, error) { return proxyURL, nil })
	for target, refused := range map[string]bool{
		"http://127.0.0.1/":          true,
		"http://localhost/":          true,
		"http://169.254.169.254/":    true,
		"http://allowed.internal/":   false,
		"http://93.184.215.14:8080/": false,
	} {
		req := newReq(t, "GET", target, nil)
		u, err := proxy(req)
		if refused {
			if !errors.Is(err, security.ErrSSRFRefused) {
				t.Errorf("%s through a proxy: %v, want a refusal", target, err)
			}
			continue
		}
		if err != nil || u != proxyURL {
			t.Errorf("%s through a proxy: %v, %v; want the proxy", target, u, err)
		}
	}
	direct := g.proxy(func(*http.Request) (*url.URL, error) { return nil, nil })
	if u, err := direct(newReq(t, "GET", "http://127.0.0.1/", nil)); u != nil || err != nil {
		t.Errorf("no proxy: %v, %v; want nil, nil (the dialer checks)", u, err)
	}
}

func TestSSRFBadAllowList(t *testing.T) {
	cfg := testConfig()
	cfg.SSRF = true
	cfg.SSRFAllow = []string{"internal.example.com"}
	_, err := New(cfg)
	if err == nil || !strings.Contains(err.Error(), "SSRFAllow") {
		t.Fatalf("New = %v, want an error naming SSRFAllow", err)
	}
}
