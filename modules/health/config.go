package health

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Defaults.
const (
	DefaultLivenessPath  = "/healthz"
	DefaultReadinessPath = "/readyz"
	// DefaultDrainDelay is Config.DrainDelay outside local and unittest:
	// long enough for a balancer polling every 2 s to see two failures,
	// and for Kubernetes to take a terminating pod out of its endpoints.
	DefaultDrainDelay   = 5 * time.Second
	DefaultCheckTimeout = time.Second
	DefaultCacheFor     = time.Second
)

// Config tunes the health endpoints. Env prefix HEALTH_.
type Config struct {
	// LivenessPath answers liveness: 200 whenever the process serves
	// requests, through a graceful stop too (a liveness probe that failed
	// while draining would have the pod restarted). Default "/healthz".
	// Env HEALTH_LIVENESS_PATH.
	LivenessPath string `env:"LIVENESS_PATH"`
	// ReadinessPath answers readiness: 200 once the server listens and
	// every readiness check passes; 503 before that, when a check fails,
	// and from the first moment of a graceful stop. Default "/readyz".
	// Env HEALTH_READINESS_PATH.
	ReadinessPath string `env:"READINESS_PATH"`
	// DrainDelay is how long a graceful stop of egg's own server keeps
	// serving, readiness already 503, before the server's drain window
	// (egg.ServerConfig.DrainTimeout) and shutdown: the time balancers
	// need to notice and stop sending new requests. Default 5s; 0 in
	// local and unittest. Env HEALTH_DRAIN_DELAY.
	DrainDelay time.Duration `env:"DRAIN_DELAY"`
	// CheckTimeout bounds a readiness check whose own Timeout is 0.
	// Checks run concurrently, so a probe waits for the slowest one at
	// most: keep the probe's own timeout above it. Default 1s.
	// Env HEALTH_CHECK_TIMEOUT.
	CheckTimeout time.Duration `env:"CHECK_TIMEOUT"`
	// CacheFor reuses the checks' results for this long; probes that
	// arrive while the checks run wait for that run instead of starting
	// another. Many balancers probing often then cost the database one
	// ping per interval. Default 1s; 0 runs the checks for every probe
	// (concurrent probes still share a run). Env HEALTH_CACHE_FOR.
	CacheFor time.Duration `env:"CACHE_FOR"`
	// ShowErrors puts a failing check's error text in the readiness body.
	// The endpoints answer on the app's public port, and errors can name
	// hosts and users: default true in local and unittest only, where
	// the body is for you. Failures are logged in every env.
	// Env HEALTH_SHOW_ERRORS.
	ShowErrors bool `env:"SHOW_ERRORS"`
}

// DefaultConfig returns the defaults for a deployed app: Module turns
// DrainDelay to 0 and ShowErrors on in local and unittest.
func DefaultConfig() Config {
	return Config{
		LivenessPath:  DefaultLivenessPath,
		ReadinessPath: DefaultReadinessPath,
		DrainDelay:    DefaultDrainDelay,
		CheckTimeout:  DefaultCheckTimeout,
		CacheFor:      DefaultCacheFor,
	}
}

// Validate checks the paths and durations, naming the env var and the fix.
func (c *Config) Validate() error {
	var errs []error
	for _, p := range []struct{ field, env, value, def string }{
		{"LivenessPath", "HEALTH_LIVENESS_PATH", c.LivenessPath, DefaultLivenessPath},
		{"ReadinessPath", "HEALTH_READINESS_PATH", c.ReadinessPath, DefaultReadinessPath},
	} {
		if !strings.HasPrefix(p.value, "/") || p.value == "/" || strings.HasSuffix(p.value, "/") || strings.ContainsAny(p.value, "?# ") {
			errs = append(errs, fmt.Errorf("health: %s (%s) is %q; use a path such as %q: starting with \"/\", not \"/\" alone, no trailing \"/\", query or spaces",
				p.field, p.env, p.value, p.def))
		}
	}
	if c.LivenessPath == c.ReadinessPath {
		errs = append(errs, fmt.Errorf("health: LivenessPath and ReadinessPath are both %q; give them different paths (liveness stays 200 while draining, readiness does not)", c.LivenessPath))
	}
	if c.DrainDelay < 0 {
		errs = append(errs, fmt.Errorf("health: DrainDelay (HEALTH_DRAIN_DELAY) is %s; use 0 for none or a duration such as 5s", c.DrainDelay))
	}
	if c.CheckTimeout <= 0 {
		errs = append(errs, fmt.Errorf("health: CheckTimeout (HEALTH_CHECK_TIMEOUT) is %s; use a positive duration such as 1s", c.CheckTimeout))
	}
	if c.CacheFor < 0 {
		errs = append(errs, fmt.Errorf("health: CacheFor (HEALTH_CACHE_FOR) is %s; use 0 to run the checks for every probe, or a duration such as 1s", c.CacheFor))
	}
	return errors.Join(errs...)
}
