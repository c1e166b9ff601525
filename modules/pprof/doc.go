// Package pprof serves Go's runtime profiles for an egg app (the
// production-profiling chapter Egg gives to alinode), the Go way: the
// standard net/http/pprof handlers on a listener of their own, on
// loopback, off unless turned on.
//
//	egg.Run(modules.Default(), pprof.Module, app.Module)
//
//	PPROF_ENABLED=true ./shop start
//	ssh -L 6060:127.0.0.1:6060 shop-host   # or: kubectl port-forward pod/shop-0 6060
//	go tool pprof http://127.0.0.1:6060/debug/pprof/heap
//	go tool pprof http://127.0.0.1:6060/debug/pprof/profile?seconds=30
//	curl -o trace.out 'http://127.0.0.1:6060/debug/pprof/trace?seconds=5'
//
// The profiles never answer on the app's port: Config.Addr (default
// 127.0.0.1:6060) must be a loopback address unless Config.AllowNonLoopback
// says otherwise, and may not be the app's own port. The listener opens in
// the DidLoad phase and closes in BeforeClose.
//
// Importing this package imports net/http/pprof, which also registers its
// handlers on http.DefaultServeMux. egg never serves DefaultServeMux; if
// your own code serves it on a public port (http.ListenAndServe(addr, nil)),
// the profiles are exposed there: give that server a mux of its own.
package pprof
