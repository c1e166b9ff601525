package session

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// CookieSizeLimit is the largest session cookie, name and value together,
// that browsers keep: 4096 bytes. With the cookie store, Set refuses a
// value that would make the cookie larger.
const CookieSizeLimit = 4096

// SameSite values for Config.SameSite.
const (
	SameSiteLax    = "lax"
	SameSiteStrict = "strict"
	SameSiteNone   = "none"
)

// Config tunes the session (Egg's config.session). Start from
// DefaultConfig: the zero value of a bool is not its default.
type Config struct {
	// CookieName is the session cookie's name (Egg's key). Default
	// "EGG_SESS".
	CookieName string `env:"COOKIE_NAME"`
	// MaxAge is how long a session lives after its last save, in the
	// cookie's Max-Age and, enforced by the server, inside the encrypted
	// cookie (and as the store's TTL). Session.SetMaxAge changes it for
	// one session ("remember me"). Default 24h (Egg's 1 day).
	MaxAge time.Duration `env:"MAX_AGE"`
	// Renew saves a session that is read while less than half of its max
	// age is left, so an active user stays signed in (Egg's renew).
	// Default true.
	Renew bool `env:"RENEW"`
	// HTTPOnly hides the cookie from JavaScript. Default true.
	HTTPOnly bool `env:"HTTP_ONLY"`
	// SameSite is the cookie's SameSite attribute: "lax", "strict" or
	// "none" ("none" makes the cookie Secure on every request, as
	// browsers require). Default "lax".
	SameSite string `env:"SAME_SITE"`
	// Path is the cookie's Path. Default "/".
	Path string `env:"PATH"`
	// Domain is the cookie's Domain; empty (the default) keeps the cookie
	// on the host that set it.
	Domain string `env:"DOMAIN"`
}

// DefaultConfig returns Egg's defaults: cookie EGG_SESS, 1 day, renewed,
// HttpOnly, SameSite Lax, path "/".
func DefaultConfig() Config {
	return Config{
		CookieName: "EGG_SESS",
		MaxAge:     24 * time.Hour,
		Renew:      true,
		HTTPOnly:   true,
		SameSite:   SameSiteLax,
		Path:       "/",
	}
}

// Validate reports each bad field with its env var and the fix.
func (c *Config) Validate() error {
	var errs []error
	if !validCookieName(c.CookieName) {
		errs = append(errs, fmt.Errorf("session: CookieName (SESSION_COOKIE_NAME) is %q; use a cookie name of letters, digits and !#$%%&'*+-.^_`|~, e.g. \"EGG_SESS\"", c.CookieName))
	}
	if c.MaxAge < time.Second || c.MaxAge > maxAgeLimit*time.Second {
		errs = append(errs, fmt.Errorf("session: MaxAge (SESSION_MAX_AGE) is %s; use a duration from 1s to 100 years, e.g. 24h", c.MaxAge))
	}
	switch strings.ToLower(c.SameSite) {
	case SameSiteLax, SameSiteStrict, SameSiteNone:
	default:
		errs = append(errs, fmt.Errorf("session: SameSite (SESSION_SAME_SITE) is %q; use \"lax\", \"strict\" or \"none\"", c.SameSite))
	}
	if !strings.HasPrefix(c.Path, "/") || (&http.Cookie{Name: "x", Path: c.Path}).Valid() != nil {
		errs = append(errs, fmt.Errorf("session: Path (SESSION_PATH) is %q; use a path that begins with /, e.g. \"/\"", c.Path))
	}
	if c.Domain != "" && (&http.Cookie{Name: "x", Domain: c.Domain}).Valid() != nil {
		errs = append(errs, fmt.Errorf("session: Domain (SESSION_DOMAIN) is %q; use a bare domain such as \"example.com\", or empty for the current host", c.Domain))
	}
	return errors.Join(errs...)
}

func validCookieName(s string) bool {
	if s == "" {
		return false
	}
	return (&http.Cookie{Name: s, Value: "x"}).Valid() == nil
}
