package health

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/egg-go/egg"
)

// Overall readiness states, the body's "status".
const (
	statusReady    = "ok"
	statusStarting = "starting"    // before ServerDidReady
	statusDraining = "draining"    // a graceful stop began
	statusFailing  = "unavailable" // a check failed
)

// body is the JSON of both endpoints.
type body struct {
	Status  string        `json:"status"`
	Checks  []CheckResult `json:"checks,omitempty"`
	Runtime *RuntimeStats `json:"runtime,omitempty"`
}

// Middleware answers the two paths and passes every other request on.
// Module puts it first in the chain.
func (p *Probes) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path := r.URL.Path
		if path != p.cfg.LivenessPath && path != p.cfg.ReadinessPath {
			next.ServeHTTP(w, r)
			return
		}
		if c := egg.CtxFrom(r); c != nil {
			c.Set(probeKey{}, true)
		}
		h := w.Header()
		h.Set("Cache-Control", "no-store")
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.Set("Allow", "GET, HEAD")
			http.Error(w, "Method Not Allowed: health probes take GET or HEAD", http.StatusMethodNotAllowed)
			return
		}
		if path == p.cfg.LivenessPath {
			p.write(w, r, http.StatusOK, body{Status: statusReady})
			return
		}
		st, rep := p.readiness(r.Context())
		code := http.StatusOK
		if st != statusReady {
			code = http.StatusServiceUnavailable
		}
		b := body{Status: st, Checks: rep.results}
		if !p.cfg.ShowErrors && len(b.Checks) > 0 {
			b.Checks = append([]CheckResult(nil), b.Checks...)
			for i := range b.Checks {
				b.Checks[i].Error = ""
			}
		}
		p.write(w, r, code, b)
	})
}

// readiness decides the readiness state; checks run only for an app that
// is up and not stopping.
func (p *Probes) readiness(ctx context.Context) (string, report) {
	switch {
	case p.app.Draining():
		return statusDraining, report{}
	case !p.ready.Load():
		return statusStarting, report{}
	}
	rep := p.checks.run(ctx)
	if p.app.Draining() { // the stop began while the checks ran
		return statusDraining, rep
	}
	if !rep.ok {
		return statusFailing, rep
	}
	return statusReady, rep
}

// write sends the JSON body; ?verbose adds the runtime stats.
func (p *Probes) write(w http.ResponseWriter, r *http.Request, code int, b body) {
	if r.URL.Query().Has("verbose") {
		rs := ReadRuntime(p.started)
		b.Runtime = &rs
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	if r.Method == http.MethodHead {
		return
	}
	_ = json.NewEncoder(w).Encode(b)
}
