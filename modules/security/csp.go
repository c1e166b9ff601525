package security

import (
	"crypto/rand"
	"net/http"
	"strings"

	"github.com/egg-go/egg"
)

// cspPolicy is the Content-Security-Policy header split around the place
// of the nonce: prefix + nonce + suffix. Without a script-src or
// default-src there is no such place, and nonce is false.
type cspPolicy struct {
	name           string // canonical header name
	prefix, suffix string
	nonce          bool
	static         []string // the whole header when nonce is false
}

// newCSP prepares cfg's policy: the nonce goes at the end of script-src;
// a policy without script-src gets one copied from default-src (which is
// what browsers fall back to), so adding the nonce loosens nothing.
func newCSP(cfg CSPConfig) *cspPolicy {
	p := &cspPolicy{name: "Content-Security-Policy"}
	if cfg.ReportOnly {
		p.name = "Content-Security-Policy-Report-Only"
	}
	policy := cfg.Policy
	if strings.TrimSpace(policy) == "" {
		policy = DefaultCSPPolicy
	}
	var dirs []string
	for _, d := range strings.Split(policy, ";") {
		if d = strings.TrimSpace(d); d != "" {
			dirs = append(dirs, d)
		}
	}
	at := directive(dirs, "script-src")
	if at < 0 {
		if def := directive(dirs, "default-src"); def >= 0 {
			dirs = append(dirs, "script-src"+dirs[def][len("default-src"):])
			at = len(dirs) - 1
		}
	}
	if at < 0 {
		p.static = []string{strings.Join(dirs, "; ")}
		return p
	}
	p.nonce = true
	p.prefix = strings.Join(dirs[:at+1], "; ") + " 'nonce-"
	p.suffix = "'"
	if at+1 < len(dirs) {
		p.suffix += "; " + strings.Join(dirs[at+1:], "; ")
	}
	return p
}

// directive returns the index of the directive called name, or -1.
func directive(dirs []string, name string) int {
	for i, d := range dirs {
		n, _, _ := strings.Cut(d, " ")
		if strings.EqualFold(n, name) {
			return i
		}
	}
	return -1
}

// nonceKey keys the request's nonce in the Ctx.
type nonceKey struct{}

// set sets the header with a fresh nonce and keeps the nonce for CSPNonce.
func (p *cspPolicy) set(h http.Header, r *http.Request) {
	if !p.nonce {
		h[p.name] = p.static
		return
	}
	nonce := rand.Text() // 128 random bits in base32: valid nonce characters
	h[p.name] = []string{p.prefix + nonce + p.suffix}
	if c := egg.CtxFrom(r); c != nil {
		c.Set(nonceKey{}, nonce)
	}
}

// CSPNonce returns the request's Content-Security-Policy nonce, for
// templates: <script nonce="{{.Nonce}}">. It is "" when CSP is off (the
// default) or the policy has neither script-src nor default-src.
func CSPNonce(c *egg.Ctx) string {
	v, _ := c.Get(nonceKey{})
	s, _ := v.(string)
	return s
}
