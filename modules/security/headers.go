package security

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/egg-go/egg"
)

// header is one precomputed response header. The value slice is shared by
// every response and never modified, so setting it costs no allocation.
type header struct {
	key   string // canonical
	value []string
}

// shield is middleware "security": the response headers, then Egg's
// method guard (TRACE, TRACK) and path guard ("..").
type shield struct {
	static []header
	hsts   []string   // nil when off
	csp    *cspPolicy // nil when off
}

func newShield(cfg Config) *shield {
	s := &shield{}
	add := func(key, value string) {
		s.static = append(s.static, header{key: key, value: []string{value}})
	}
	if enabled(cfg.XFrame) {
		add("X-Frame-Options", strings.ToUpper(cfg.XFrame))
	}
	if cfg.NoSniff {
		add("X-Content-Type-Options", "nosniff")
	}
	if cfg.NoOpen {
		add("X-Download-Options", "noopen")
	}
	if enabled(cfg.XSSProtection) {
		add("X-Xss-Protection", cfg.XSSProtection)
	}
	if enabled(cfg.ReferrerPolicy) {
		add("Referrer-Policy", cfg.ReferrerPolicy)
	}
	if cfg.HSTS.Enable {
		v := "max-age=" + strconv.FormatInt(int64(cfg.HSTS.MaxAge.Seconds()), 10)
		if cfg.HSTS.IncludeSubdomains {
			v += "; includeSubDomains"
		}
		if cfg.HSTS.Preload {
			v += "; preload"
		}
		s.hsts = []string{v}
	}
	if cfg.CSP.Enable {
		s.csp = newCSP(cfg.CSP)
	}
	return s
}

func (s *shield) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for i := range s.static {
			h[s.static[i].key] = s.static[i].value
		}
		if s.hsts != nil && isHTTPS(r) {
			h["Strict-Transport-Security"] = s.hsts
		}
		if s.csp != nil {
			s.csp.set(h, r)
		}
		switch r.Method {
		case "TRACE", "TRACK":
			fail(w, r, egg.NewError(http.StatusMethodNotAllowed, "method_not_allowed",
				r.Method+" is not allowed: it would echo the request, cookies included, back to the client"))
			return
		}
		if hasDotDot(r.URL.Path) {
			fail(w, r, egg.NewError(http.StatusBadRequest, "invalid_path",
				`the path has a ".." segment; send the path after resolving it`))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// isHTTPS reports whether the response goes out over HTTPS: TLS, or the
// proxy's protocol header in proxy mode (Ctx.Protocol).
func isHTTPS(r *http.Request) bool {
	if c := egg.CtxFrom(r); c != nil {
		return c.Secure()
	}
	return r.TLS != nil
}

// hasDotDot reports whether the (decoded) path has a ".." segment, with
// "/" or "\" as separators (Egg's dta guard). Browsers and HTTP clients
// resolve such segments before sending, so only crafted requests have
// them, and a handler that joins a path parameter to a directory must not
// see one.
func hasDotDot(p string) bool {
	if !strings.Contains(p, "..") {
		return false
	}
	for {
		i := strings.IndexAny(p, `/\`)
		seg := p
		if i >= 0 {
			seg = p[:i]
		}
		if seg == ".." {
			return true
		}
		if i < 0 {
			return false
		}
		p = p[i+1:]
	}
}
