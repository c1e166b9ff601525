package meta

// Config tunes the meta middleware (module "meta", env prefix META_).
type Config struct {
	// Logging logs "request started" with the request's host and
	// User-Agent at info level when a request comes in (Egg's
	// meta.logging). Default false. Env META_LOGGING.
	Logging bool `env:"LOGGING"`
	// KeepAlive sends `Keep-Alive: timeout=N` on HTTP/1.x responses whose
	// connection stays open, N being the server's idle timeout in whole
	// seconds (egg.ServerConfig.IdleTimeout), so that clients drop idle
	// connections before the server closes them instead of sending a
	// request into a closing socket. It needs a known idle timeout of at
	// least one second: under egg, egg's own server (not an app made by
	// egg.Embed); elsewhere, Middleware.SetIdleTimeout. Default true.
	// Env META_KEEP_ALIVE.
	KeepAlive bool `env:"KEEP_ALIVE"`
}

// DefaultConfig returns the defaults: no start-of-request log line,
// Keep-Alive on.
func DefaultConfig() Config { return Config{KeepAlive: true} }
