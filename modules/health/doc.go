// Package health answers liveness and readiness probes for an egg app:
// GET /healthz and GET /readyz, for Kubernetes and load balancers.
//
//	egg.Run(modules.Default(), health.Module, app.Module)
//
// # Liveness
//
// /healthz answers 200 {"status":"ok"} whenever the process serves
// requests, through a graceful stop too: a failing liveness probe gets a
// pod restarted, which a draining app does not need.
//
// # Readiness
//
// /readyz answers 200 {"status":"ok","checks":[...]} when the app can take
// traffic, and 503 otherwise, with "status":
//
//	starting     the server listens but the ServerDidReady phase has not
//	             reached this module yet
//	unavailable  a readiness check failed or timed out
//	draining     a graceful stop began (SIGTERM, App.Stop)
//
// A stop turns readiness 503 at once (egg.App.Draining), while the
// listener stays open: the server keeps serving for Config.DrainDelay (5s
// outside local and unittest) so balancers take the instance out, then egg
// serves its drain window (egg.ServerConfig.DrainTimeout, every response
// with "Connection: close"), stops accepting and waits for the requests in
// flight. A client that polls readiness and stops sending when it is 503
// sees no failed request.
//
// # Checks
//
// Any module adds readiness checks with Register (or by providing a Check
// into the fx value group CheckGroup). They run concurrently, each bounded
// by its Timeout, and each has its status in the body:
//
//	{"status":"unavailable","checks":[
//	  {"name":"db","status":"ok","duration_ms":0.412},
//	  {"name":"redis","status":"timeout","duration_ms":1000.2}]}
//
// Results are reused for Config.CacheFor (1s), and probes arriving while
// the checks run share that run, so many probes cost one ping. A check
// that ignores its context is reported as timing out and is not started
// again until it returns. Error texts are in the body only in local and
// unittest (Config.ShowErrors): the endpoints answer on the public port.
// A check that starts failing, or passes again, is logged once.
//
// # Runtime stats
//
// ?verbose on either path adds a snapshot of the Go runtime (goroutines,
// heap, GC cycles and pause percentiles, uptime, GOMAXPROCS), read through
// runtime/metrics without stopping the world.
//
// # Placement
//
// The "health" middleware is put first in egg.HTTPConfig.CoreMiddleware:
// probes never reach sessions, CSRF checks, body parsing or the router,
// and any Host header passes. Methods other than GET and HEAD get 405.
// An access log skips probes with IsProbe.
package health
