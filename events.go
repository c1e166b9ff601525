package egg

import (
	"log/slog"
	"net/http"
)

// events holds the app's typed event listeners (Egg's app.on('server'),
// 'error', 'request' and 'response'). Listeners are added while the app is
// built and boots; the lists are read without locks on the request path,
// so adding one after the app has started panics with a clear message.
type events struct {
	server   []func(*http.Server)
	err      []func(error, *Ctx)
	request  []func(*Ctx)
	response []func(*Ctx)
	logAttrs []func(*Ctx, []slog.Attr) []slog.Attr // OnCtxLogger
}

func (a *App) mustNotHaveStarted(what string) {
	if a.started.Load() {
		panic("egg: " + what + " after the app started; add listeners in a constructor or a boot hook (DidLoad at the latest)")
	}
}

// OnServer adds a listener for the server event: it receives the
// *http.Server once it listens (Egg's app.on('server')). It does not fire
// when egg is embedded without its own server.
func (a *App) OnServer(fn func(*http.Server)) {
	a.mustNotHaveStarted("OnServer")
	a.events.server = append(a.events.server, fn)
}

// OnError adds a listener for the error event: every error a request
// handler returns or panics with, and every error reported with EmitError.
// c is the request's Ctx, or nil when the error has no request.
func (a *App) OnError(fn func(err error, c *Ctx)) {
	a.mustNotHaveStarted("OnError")
	a.events.err = append(a.events.err, fn)
}

// OnRequest adds a listener called when a request enters egg, before any
// middleware.
func (a *App) OnRequest(fn func(*Ctx)) {
	a.mustNotHaveStarted("OnRequest")
	a.events.request = append(a.events.request, fn)
}

// OnResponse adds a listener called after a request's response is done.
// c.Status() is the status that was sent.
func (a *App) OnResponse(fn func(*Ctx)) {
	a.mustNotHaveStarted("OnResponse")
	a.events.response = append(a.events.response, fn)
}

// EmitError reports an error to the error listeners. Modules use it for
// errors outside requests (a failed schedule run, a lost connection); c may
// be nil.
func (a *App) EmitError(err error, c *Ctx) {
	for _, fn := range a.events.err {
		fn(err, c)
	}
}

// OnCtxLogger adds attributes to every request's logger (c.Logger()): fn
// gets the request and the attributes egg puts there (the "req" group)
// and returns the list to use — append trace ids, a tenant, a user id.
// It runs once per request, when the request's logger is first built, so
// a request that never logs pays nothing. Add listeners in a constructor
// or a boot hook.
func (a *App) OnCtxLogger(fn func(c *Ctx, attrs []slog.Attr) []slog.Attr) {
	a.mustNotHaveStarted("OnCtxLogger")
	a.events.logAttrs = append(a.events.logAttrs, fn)
}
