package session

import (
	"context"
	"errors"
	"io"
	"net/http"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

// Module is module "session" (Egg's egg-session): each request's session
// through session.Get, kept by default in one encrypted cookie (EGG_SESS,
// AES-256-GCM with keys derived from AppConfig.Keys, 1 day, HttpOnly,
// SameSite Lax, Secure on HTTPS), renewed when less than half its max age
// is left, and saved only when it changed. Provide a Store through fx to
// keep sessions on the server instead. Config: Config, env prefix
// SESSION_. It registers middleware "session" and appends it to
// HTTPConfig.CoreMiddleware (Egg's place: after overrideMethod, before
// the security middleware).
var Module = egg.Module("session",
	egg.Config(DefaultConfig()),
	egg.Configure(func(c *egg.HTTPConfig) { c.CoreMiddleware = append(c.CoreMiddleware, "session") }),
	fx.Provide(newAppManager),
	egg.Scoped[*state](newUnmarked),
	egg.Middleware("session", newMiddleware),
	egg.Boot(newBoot),
)

type managerIn struct {
	fx.In
	App    *egg.App
	Config Config
	Keys   egg.AppConfig
	Store  Store `optional:"true"`
}

// newAppManager makes the app's Manager. Without app keys, local and
// unittest get a random key for the process (sessions end when it
// restarts); other envs start, but every session's Set returns an error
// naming the fix, so an API that never uses sessions needs no keys.
func newAppManager(in managerIn) (*Manager, error) {
	m, err := NewManager(in.Config, in.Keys.Keys, in.Store)
	if err != nil {
		return nil, err
	}
	if m.keys == nil {
		log := in.App.LoggerFor("session")
		switch in.App.Env() {
		case "local", "unittest":
			m.keys = randomKeyring()
			log.Warn("session: AppConfig.Keys is empty, so sessions are encrypted with a random key and end when the process restarts; " +
				"set EGG_KEYS to one or more long random secrets (the first encrypts, all decrypt)")
		default:
			log.Warn(errNoKeys.Error())
		}
	}
	return m, nil
}

// newMiddleware is middleware "session". It only marks the request as
// one the session applies to, by setting the request's session slot to
// the Manager's pending value (a slice store, no allocation): session.Get
// does the rest, on first use.
func newMiddleware(m *Manager, slot *egg.Service[*state]) func(http.Handler) http.Handler {
	m.slot = slot
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if c := egg.CtxFrom(r); c != nil {
				slot.Set(c, m.pending)
			}
			next.ServeHTTP(w, r)
		})
	}
}

var errOff = errors.New("session: the session middleware did not run for this request " +
	"(module session missing, middleware \"session\" disabled or skipped by HTTPConfig.MiddlewareOptions[\"session\"], " +
	"or an anonymous context), so the session is empty and cannot be saved; add session.Module (modules.Default() has it) " +
	"and check the middleware's options")

// newUnmarked builds the session slot of a request the middleware did not
// mark (it was disabled or skipped, or the Ctx is anonymous), on its first
// session.Get: an empty session that cannot be saved.
func newUnmarked(app *egg.App, m *Manager) func(*egg.Ctx) *state {
	warn := app.Env() == "local" || app.Env() == "unittest"
	return func(c *egg.Ctx) *state {
		if warn {
			c.Logger().Warn(errOff.Error())
		}
		return &state{Session: Session{m: m, c: c, err: errOff, maxAge: m.cfg.MaxAge}}
	}
}

// ManagerOf returns the Manager of c's app, or nil when the app has no
// session module. Any Ctx of the app will do, an anonymous one
// (App.NewContext) included: use it to make or read session cookies
// outside a request's middleware.
func ManagerOf(c *egg.Ctx) *Manager {
	if st, ok := lookup(c); ok {
		return st.m
	}
	return nil
}

// boot closes the store at BeforeClose when it is an io.Closer (the
// MemoryStore's sweeper).
type boot struct{ m *Manager }

func newBoot(m *Manager) *boot { return &boot{m: m} }

// BeforeClose closes the store if it is an io.Closer.
func (b *boot) BeforeClose(context.Context) error {
	if cl, ok := b.m.store.(io.Closer); ok {
		return cl.Close()
	}
	return nil
}
