package security_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/egg-go/egg/modules/security"
)

// FuzzSafeRedirect checks SafeRedirect's promise on any input: a refused
// target becomes "/", and an allowed one, resolved as a client resolves a
// Location header, stays on the app's host or a white-listed domain and
// carries no control characters.
func FuzzSafeRedirect(f *testing.F) {
	for _, s := range []string{"/", "/a?b#c", "//evil.example", `/\evil.example`, "javascript:alert(1)",
		"http://evil.example", "https://app.example/x", "http://a@b@app.example", "HTTP://APP.EXAMPLE",
		"http:///evil.example", "/\t/evil.example", "https://x.partner.example/", "http://[::1]:80/"} {
		f.Add(s)
	}
	base, _ := url.Parse("http://app.example/dir/page")
	white := []string{".partner.example"}
	f.Fuzz(func(t *testing.T, target string) {
		got, ok := security.SafeRedirect(target, "app.example:7001", white)
		if !ok {
			if got != "/" {
				t.Fatalf("SafeRedirect(%q) refused with %q, want /", target, got)
			}
			return
		}
		for i := 0; i < len(got); i++ {
			if got[i] < 0x20 || got[i] == 0x7f {
				t.Fatalf("SafeRedirect(%q) = %q has a control character", target, got)
			}
		}
		end := strings.IndexAny(got, "?#")
		if end < 0 {
			end = len(got)
		}
		if strings.Contains(got[:end], `\`) {
			t.Fatalf("SafeRedirect(%q) = %q keeps a backslash before the query", target, got)
		}
		u, err := url.Parse(got)
		if err != nil {
			return // Go's client would refuse to follow it; browsers resolve it on this host (checked above)
		}
		h := strings.ToLower(base.ResolveReference(u).Hostname())
		if h != "app.example" && !security.MatchDomain(h, white) {
			t.Fatalf("SafeRedirect(%q) = %q allowed, but it resolves to host %q", target, got, h)
		}
	})
}
