package jwt

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	gojwt "github.com/golang-jwt/jwt/v5"
)

// maxJWKSBytes bounds a key set's body; providers publish a few keys.
const maxJWKSBytes = 1 << 20

// jwks is the cache of a JSON Web Key Set fetched by URL. Lookups read
// the current set without locking; fetches are serialized by mu, so
// concurrent requests with the same new kid cause one fetch.
type jwks struct {
	url        string
	client     *http.Client
	ownClient  bool // built here: its idle connections are closed at stop
	algs       []algorithm
	log        *slog.Logger
	now        func() time.Time
	refresh    time.Duration
	minRefresh time.Duration
	timeout    time.Duration

	ctx    context.Context // canceled at stop: ends an in-flight fetch
	cancel context.CancelFunc

	cur         atomic.Pointer[keyCache]
	mu          sync.Mutex
	lastAttempt time.Time // of the last fetch a token triggered; under mu
}

// keyCache is one fetched key set.
type keyCache struct {
	keys    []publishedKey
	fetched time.Time
}

func newJWKS(cfg Config, algs []algorithm, client *http.Client, log *slog.Logger, now func() time.Time) *jwks {
	j := &jwks{url: cfg.JWKSURL, client: client, algs: algs, log: log, now: now,
		refresh: cfg.JWKSRefresh, minRefresh: cfg.JWKSMinRefresh, timeout: cfg.JWKSTimeout}
	if j.client == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.ResponseHeaderTimeout = cfg.JWKSTimeout
		t.TLSHandshakeTimeout = cfg.JWKSTimeout
		j.client, j.ownClient = &http.Client{Transport: t, Timeout: cfg.JWKSTimeout}, true
	}
	j.ctx, j.cancel = context.WithCancel(context.Background())
	return j
}

// prime fetches the key set for the first time. It does not count
// towards the rate limit: a token with a key rotated in just after
// start-up still gets its fetch.
func (j *jwks) prime(ctx context.Context) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.fetch(ctx)
}

// close ends an in-flight fetch and drops idle connections of a client
// built here.
func (j *jwks) close() {
	j.cancel()
	if j.ownClient {
		j.client.CloseIdleConnections()
	}
}

// key returns the key for a token's kid and algorithm: from the cache
// while it is fresh and knows the kid, else after one fetch, unless a
// token-triggered fetch happened less than minRefresh ago. A stale set
// keeps serving while the provider cannot be reached.
func (j *jwks) key(kid string, a algorithm) (any, bool) {
	if c := j.cur.Load(); c != nil && j.now().Sub(c.fetched) < j.refresh {
		if k, ok := c.find(kid, a); ok {
			return k, true
		}
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	now := j.now()
	c := j.cur.Load() // another request may have fetched meanwhile
	if c != nil && now.Sub(c.fetched) < j.refresh {
		if k, ok := c.find(kid, a); ok {
			return k, true
		}
	}
	if j.lastAttempt.IsZero() || now.Sub(j.lastAttempt) >= j.minRefresh {
		j.lastAttempt = now
		if err := j.fetch(j.ctx); err != nil {
			j.log.Warn("cannot refresh the JWKS; keeping the keys fetched before", "err", err)
		}
		c = j.cur.Load()
	}
	if c == nil {
		return nil, false
	}
	return c.find(kid, a)
}

// fetch gets the key set and stores it; a set with no usable key is an
// error and leaves the previous one in place. Called under mu.
func (j *jwks) fetch(parent context.Context) error {
	ctx, cancel := context.WithTimeout(parent, j.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, j.url, nil)
	if err != nil {
		return fmt.Errorf("jwt: JWKSURL %s (env JWT_JWKS_URL): %w", j.url, err)
	}
	req.Header.Set("Accept", "application/jwk-set+json, application/json")
	resp, err := j.client.Do(req)
	if err != nil {
		return fmt.Errorf("jwt: cannot fetch JWKSURL %s (env JWT_JWKS_URL): %w; check the URL and that the provider is reachable", j.url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4096))
		return fmt.Errorf("jwt: JWKSURL %s (env JWT_JWKS_URL) answered %s; point JWT_JWKS_URL at the provider's jwks_uri", j.url, resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxJWKSBytes+1))
	if err != nil {
		return fmt.Errorf("jwt: reading JWKSURL %s: %w", j.url, err)
	}
	if len(body) > maxJWKSBytes {
		return fmt.Errorf("jwt: JWKSURL %s sent over %d bytes; that is not a key set", j.url, maxJWKSBytes)
	}
	keys, skipped, err := parseJWKS(body, j.algs)
	if err != nil {
		return fmt.Errorf("jwt: JWKSURL %s (env JWT_JWKS_URL): %w; point JWT_JWKS_URL at the provider's jwks_uri", j.url, err)
	}
	if len(keys) == 0 {
		return fmt.Errorf("jwt: JWKSURL %s has no key usable with Algorithms %s (%s); set JWT_ALGORITHMS to what the provider signs with",
			j.url, algNames(j.algs), strings.Join(skipped, "; "))
	}
	if len(skipped) > 0 {
		j.log.Debug("JWKS keys skipped", "url", j.url, "skipped", skipped)
	}
	j.cur.Store(&keyCache{keys: keys, fetched: j.now()})
	j.log.Info("JWKS fetched", "url", j.url, "keys", len(keys))
	return nil
}

// find returns the key for kid that fits a; for a token without kid,
// every key that fits a (golang-jwt tries each).
func (c *keyCache) find(kid string, a algorithm) (any, bool) {
	var set []gojwt.VerificationKey
	for _, k := range c.keys {
		if (kid != "" && k.kid != kid) || !a.fits(k.key) || (k.alg != "" && k.alg != a.name) {
			continue
		}
		if kid != "" {
			return k.key, true
		}
		set = append(set, k.key)
	}
	switch len(set) {
	case 0:
		return nil, false
	case 1:
		return set[0], true
	}
	return gojwt.VerificationKeySet{Keys: set}, true
}
