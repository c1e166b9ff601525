package jsonp

import (
	"fmt"
	"strings"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/security"
)

// DefaultLimit is the default Config.Limit: Egg's 50 characters.
const DefaultLimit = 50

// Config is module "jsonp" (Egg's jsonp plugin), env prefix JSONP_.
// Middleware may override it per route.
type Config struct {
	// Callbacks are the query parameters that name the callback, first
	// non-empty one wins. Default "_callback", "callback" (Egg's).
	// Env JSONP_CALLBACKS (comma-separated).
	Callbacks []string `env:"CALLBACKS"`
	// Limit is the longest callback name accepted; longer ones get 400.
	// Default 50 (Egg's limit). Env JSONP_LIMIT.
	Limit int `env:"LIMIT"`
	// CSRF lets a JSONP request through only if it passes the security
	// module's CSRF check as an unsafe request would (origin mode: the
	// page that loads the script is on the app's own origin or a trusted
	// one; token mode: the request carries the token). Default true
	// (Egg's default is false). Env JSONP_CSRF.
	CSRF bool `env:"CSRF"`
	// WhiteList lets a JSONP request through when its Referer's host is
	// one of these domains or a subdomain ("partner.example" or
	// ".partner.example"; see security.MatchDomain). Egg's whiteList.
	// Env JSONP_WHITELIST (comma-separated).
	WhiteList []string `env:"WHITELIST"`
}

// DefaultConfig returns the defaults: Egg's callback names and limit,
// guarded by the CSRF check.
func DefaultConfig() Config {
	return Config{Callbacks: []string{"_callback", "callback"}, Limit: DefaultLimit, CSRF: true}
}

// Validate checks the callback parameter names, the limit and the
// white-list entries.
func (c *Config) Validate() error {
	if len(c.Callbacks) == 0 {
		return egg.InvalidConfig("Callbacks", `list the query parameters that name the callback, e.g. "_callback,callback"`)
	}
	for _, k := range c.Callbacks {
		if k == "" || strings.ContainsAny(k, "&=#?% +") {
			return egg.InvalidConfig("Callbacks", fmt.Sprintf("%q is not a plain query parameter name; use e.g. callback", k))
		}
	}
	if c.Limit <= 0 {
		return egg.InvalidConfig("Limit", fmt.Sprintf("must be a positive number of characters, e.g. %d (Egg's)", DefaultLimit))
	}
	for _, d := range c.WhiteList {
		if err := security.CheckDomainEntry(d); err != nil {
			return egg.InvalidConfig("WhiteList", err.Error())
		}
	}
	return nil
}
