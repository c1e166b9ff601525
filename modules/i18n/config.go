package i18n

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"time"

	"github.com/egg-go/egg"
)

// Defaults of Config (Egg's egg-i18n defaults, with BCP 47 spelling).
const (
	DefaultLocale       = "en-US"          // Egg's en_US
	DefaultDir          = "config/locales" // under the app's base dir
	DefaultQueryField   = "locale"         // Egg's queryField
	DefaultCookieField  = "locale"         // Egg's cookieField
	DefaultCookieMaxAge = 365 * 24 * time.Hour
)

// Config configures module "i18n" (Egg's config.i18n). Env prefix I18N_.
type Config struct {
	// DefaultLocale is the locale of a request that asks for none the app
	// has, and the fallback for messages a locale lacks. en_US and en-US
	// are the same locale. Default "en-US". Env I18N_DEFAULT_LOCALE.
	DefaultLocale string `env:"DEFAULT_LOCALE"`
	// Dir holds the message files, one or more per locale, named by locale
	// (en-US.json, zh-CN.toml, active.zh-CN.yaml; subdirectories are read
	// too). Relative to the app's base dir. A missing directory means no
	// messages: every message shows its id. Ignored when FS is set.
	// Default "config/locales". Env I18N_DIR.
	Dir string `env:"DIR"`
	// FS, when set, is read instead of Dir: every message file in it, at
	// any depth (an embed.FS of the locales directory is the production
	// shape). Set it with WithFS. Default nil.
	FS fs.FS
	// QueryField is the query parameter that picks the locale, first of
	// all sources (Egg's queryField). Default "locale". Env
	// I18N_QUERY_FIELD.
	QueryField string `env:"QUERY_FIELD"`
	// CookieField is the cookie that remembers the locale, second source
	// (Egg's cookieField). Default "locale". Env I18N_COOKIE_FIELD.
	CookieField string `env:"COOKIE_FIELD"`
	// CookieMaxAge is how long the cookie set by a query choice lasts
	// (Egg's cookieMaxAge). 0 makes it a session cookie. Default one year
	// (8760h). Env I18N_COOKIE_MAX_AGE, e.g. "720h".
	CookieMaxAge time.Duration `env:"COOKIE_MAX_AGE"`
	// CookieDomain is the cookie's Domain (Egg's cookieDomain). Default ""
	// (the request's host only). Env I18N_COOKIE_DOMAIN.
	CookieDomain string `env:"COOKIE_DOMAIN"`
	// WriteCookie sets the cookie when the query picks a locale other than
	// the cookie's (Egg's writeCookie). Default true. Env
	// I18N_WRITE_COOKIE.
	WriteCookie bool `env:"WRITE_COOKIE"`
}

// DefaultConfig returns Egg's defaults: en-US, config/locales, query and
// cookie "locale", a cookie for one year.
func DefaultConfig() Config {
	return Config{
		DefaultLocale: DefaultLocale,
		Dir:           DefaultDir,
		QueryField:    DefaultQueryField,
		CookieField:   DefaultCookieField,
		CookieMaxAge:  DefaultCookieMaxAge,
		WriteCookie:   true,
	}
}

// Validate checks the default locale, the field names and the cookie age;
// each error names the field, its value and the fix.
func (c *Config) Validate() error {
	var errs []error
	if _, err := parseLocale(c.DefaultLocale); err != nil {
		errs = append(errs, egg.InvalidConfig("DefaultLocale",
			fmt.Sprintf("%q is not a locale; use a BCP 47 tag such as en-US or zh-CN (en_US is accepted too)", c.DefaultLocale)))
	}
	if c.FS == nil && c.Dir == "" {
		errs = append(errs, egg.InvalidConfig("Dir", `is empty; name the directory of the message files, e.g. "config/locales", or set FS with i18n.WithFS`))
	}
	if c.QueryField == "" {
		errs = append(errs, egg.InvalidConfig("QueryField", `is empty; name the query parameter that picks the locale, e.g. "locale"`))
	}
	if !validCookieName(c.CookieField) {
		errs = append(errs, egg.InvalidConfig("CookieField",
			fmt.Sprintf("%q is not a cookie name; use letters, digits and -_. only, e.g. \"locale\"", c.CookieField)))
	}
	if c.CookieMaxAge < 0 {
		errs = append(errs, egg.InvalidConfig("CookieMaxAge", "must not be negative; use e.g. 8760h (one year), or 0 for a session cookie"))
	}
	return errors.Join(errs...)
}

// validCookieName accepts a non-empty name the stdlib sends unchanged.
func validCookieName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		if !(b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-' || b == '_' || b == '.') {
			return false
		}
	}
	return (&http.Cookie{Name: s, Value: "x"}).Valid() == nil
}
