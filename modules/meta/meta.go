package meta

import (
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/egg-go/egg"
)

// HeaderReadtime is the response header that carries the time spent on the
// request, in whole milliseconds.
const HeaderReadtime = "X-Readtime"

// cachedReadtimes is how many X-Readtime values (0 to cachedReadtimes-1
// ms) are formatted once, so that a request faster than a second sets the
// header without allocating.
const cachedReadtimes = 1000

// Middleware is the meta middleware. Make it with New; it is safe for
// concurrent use.
type Middleware struct {
	cfg Config
	// readtimes[i] is strconv.Itoa(i). The header gets the one-element
	// slice readtimes[i:i+1:i+1]: shared between responses and never
	// written to; its capacity of one makes an Add copy it first.
	readtimes []string
	keepAlive atomic.Pointer[[]string] // {"timeout=N"}; nil: not sent
	stamps    sync.Pool                // *stamp, reused between requests (outside egg)
	hook      func(*egg.Ctx)           // m.stampCtx, made once: under egg, the BeforeHeaders hook
}

// New returns the meta middleware for cfg. Use its Handler as the
// middleware. Outside egg, the start time is when the request reaches the
// middleware, the Logging line goes to slog.Default(), and Keep-Alive is
// sent only after SetIdleTimeout.
func New(cfg Config) *Middleware {
	m := &Middleware{cfg: cfg, readtimes: make([]string, cachedReadtimes)}
	for i := range m.readtimes {
		m.readtimes[i] = strconv.Itoa(i)
	}
	m.stamps.New = func() any { return &stamp{m: m} }
	m.hook = m.stampCtx
	return m
}

// SetIdleTimeout tells the middleware how long the server keeps an idle
// connection open (http.Server.IdleTimeout, or its ReadTimeout when that
// is zero), for the Keep-Alive header. Less than a second sends none,
// as Egg. Under egg, Module calls it when egg's server starts.
func (m *Middleware) SetIdleTimeout(d time.Duration) {
	if d < time.Second {
		m.keepAlive.Store(nil)
		return
	}
	v := []string{"timeout=" + strconv.FormatInt(int64(d/time.Second), 10)}
	m.keepAlive.Store(&v)
}

// Handler wraps next: the response next writes gets X-Readtime (and
// Keep-Alive, see Config.KeepAlive) just before its headers are sent. The
// writer next is given is valid until next returns, as net/http's own.
func (m *Middleware) Handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { m.serve(next, w, r) })
}

func (m *Middleware) serve(next http.Handler, w http.ResponseWriter, r *http.Request) {
	c := egg.CtxFrom(r)
	if m.cfg.Logging {
		m.logStart(c, r)
	}
	if c != nil {
		// Under egg the kernel runs the hook just before the headers go
		// out — also for a response that wrote nothing and for the 500 of
		// a panic — so there is no writer to wrap and nothing to pool.
		c.BeforeHeadersCtx(m.hook)
		next.ServeHTTP(w, r)
		return
	}
	// Outside egg: a pooled writer that stamps when the status goes out.
	s := m.stamps.Get().(*stamp)
	s.ResponseWriter, s.stamped, s.start = w, false, time.Now()
	s.keepAlive = m.cfg.KeepAlive && r.ProtoMajor == 1 && !r.Close // r.Close: HTTP/1.0 without keep-alive, or Connection: close
	defer m.done(s)
	next.ServeHTTP(s, r)
}

// done runs when next returns or panics. If nothing went out through the
// wrapper (the handler wrote nothing, and net/http then sends a bare 200)
// the headers are set now, on the header map the response will be sent
// with; then the wrapper goes back to the pool.
func (m *Middleware) done(s *stamp) {
	if !s.stamped {
		s.stamp()
	}
	s.ResponseWriter = nil // keep no finished response alive
	m.stamps.Put(s)
}

// stampCtx is the hook registered under egg: it sets X-Readtime, and
// Keep-Alive when the connection stays open, on the response of c.
func (m *Middleware) stampCtx(c *egg.Ctx) {
	h := c.Response().Header()
	h[HeaderReadtime] = m.readtime(c.Elapsed().Milliseconds())
	if !m.cfg.KeepAlive {
		return
	}
	if r := c.Request(); r.ProtoMajor == 1 && !r.Close {
		if v := m.keepAlive.Load(); v != nil && h["Keep-Alive"] == nil && !closing(h) {
			h["Keep-Alive"] = *v
		}
	}
}

// readtime returns the header value for ms milliseconds.
func (m *Middleware) readtime(ms int64) []string {
	if ms >= 0 && ms < int64(len(m.readtimes)) {
		return m.readtimes[ms : ms+1 : ms+1]
	}
	return []string{strconv.FormatInt(ms, 10)}
}

// logStart is Egg's "[meta] request started" line.
func (m *Middleware) logStart(c *egg.Ctx, r *http.Request) {
	log, host := slog.Default(), r.Host
	if c != nil {
		log, host = c.Logger(), c.Host()
	}
	log.Info("request started", "host", host, "user_agent", r.UserAgent())
}

// closing reports whether the response says the connection closes after
// it (a handler set Connection: close).
func closing(h http.Header) bool {
	for _, v := range h["Connection"] {
		for tok := range strings.SplitSeq(v, ",") {
			if strings.EqualFold(strings.TrimSpace(tok), "close") {
				return true
			}
		}
	}
	return false
}
