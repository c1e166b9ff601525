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
	stamps    sync.Pool                // *stamp, reused between requests
	restore   http.Handler             // hands the Ctx back its writer
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
	// An egg handler that does nothing: egg.HandlerFunc sets the
	// request's Ctx to the writer and request it is served with, which
	// is how the middleware hands the Ctx back the writer it was given
	// once its own wrapper is done (see serve).
	m.restore = egg.HandlerFunc(func(*egg.Ctx) error { return nil })
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
	// Only the fields that change are written: a pointer write costs a
	// write barrier while the GC runs, and this runs on every request.
	s := m.stamps.Get().(*stamp)
	s.ResponseWriter, s.c, s.stamped = w, c, false
	if c == nil {
		s.start = time.Now()
	}
	s.keepAlive = m.cfg.KeepAlive && r.ProtoMajor == 1 && !r.Close // r.Close: HTTP/1.0 without keep-alive, or Connection: close
	defer m.done(s, c, w, r)
	next.ServeHTTP(s, r)
}

// done runs when next returns or panics. If nothing went out through the
// wrapper — the handler wrote nothing (net/http then sends a bare 200), or
// it panicked and egg is about to render a 500 — the headers are set now,
// on the header map the response will be sent with. Then the Ctx gets
// back the writer the middleware was given, so nothing the kernel does
// later (rendering the 500, response listeners calling c.Response())
// reaches the wrapper, which goes back to the pool.
func (m *Middleware) done(s *stamp, c *egg.Ctx, w http.ResponseWriter, r *http.Request) {
	if !s.stamped {
		s.stamp()
	}
	if c != nil {
		m.restore.ServeHTTP(w, r)
	}
	s.ResponseWriter = nil // keep no finished response alive
	m.stamps.Put(s)
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
