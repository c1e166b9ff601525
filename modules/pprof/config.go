package pprof

import (
	"fmt"
	"net"
	"strconv"
)

// DefaultAddr is Config.Addr's default: the port Go's documentation uses,
// on loopback.
const DefaultAddr = "127.0.0.1:6060"

// Config tunes the profiling listener. Env prefix PPROF_.
type Config struct {
	// Enabled starts the listener. Default false: profiles are served
	// only where someone turned them on. Env PPROF_ENABLED.
	Enabled bool `env:"ENABLED"`
	// Addr is the listener's host:port, never the app's own. Default
	// "127.0.0.1:6060". It must be a loopback address (127.0.0.1, ::1,
	// localhost) unless AllowNonLoopback is set; reach it with
	// `ssh -L 6060:127.0.0.1:6060 host` or `kubectl port-forward pod 6060`.
	// Env PPROF_ADDR.
	Addr string `env:"ADDR"`
	// AllowNonLoopback lets Addr listen beyond loopback (e.g. a pod IP
	// scraped by a continuous profiler inside the cluster). Profiles
	// reveal the program's memory, command line and code paths, and a CPU
	// profile or trace costs CPU: only on a network you trust. Default
	// false. Env PPROF_ALLOW_NON_LOOPBACK.
	AllowNonLoopback bool `env:"ALLOW_NON_LOOPBACK"`
}

// DefaultConfig returns the defaults: off, 127.0.0.1:6060, loopback only.
func DefaultConfig() Config { return Config{Addr: DefaultAddr} }

// Validate checks Addr when the listener is on: host:port, and a loopback
// host unless AllowNonLoopback.
func (c *Config) Validate() error {
	if !c.Enabled {
		return nil
	}
	host, port, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return fmt.Errorf("pprof: Addr (PPROF_ADDR) is %q, not host:port (%v); use e.g. %q", c.Addr, err, DefaultAddr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("pprof: Addr (PPROF_ADDR) is %q; its port must be 0-65535, e.g. %q", c.Addr, DefaultAddr)
	}
	if !c.AllowNonLoopback && !loopbackHost(host) {
		return fmt.Errorf("pprof: Addr (PPROF_ADDR) is %q, which is not a loopback address; profiles expose the program's memory and code: "+
			"listen on 127.0.0.1 or ::1 and reach it with ssh -L or kubectl port-forward, or set AllowNonLoopback (PPROF_ALLOW_NON_LOOPBACK=true) on a trusted network",
			c.Addr)
	}
	return nil
}

// loopbackHost reports whether host names loopback only: a loopback IP
// or "localhost". An empty host means every interface.
func loopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
