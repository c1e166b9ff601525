package overridemethod

import (
	"strings"

	"github.com/egg-go/egg"
)

// DefaultLimit is the BodyLimit used when neither the config nor
// bodyparser gives one: 1 MiB, bodyparser's default form limit.
const DefaultLimit = 1 << 20

// Config tunes the override (module "overridemethod", env prefix
// OVERRIDEMETHOD_).
type Config struct {
	// Header is the request header that names the method. Default
	// "X-HTTP-Method-Override" (Egg's); "" ignores headers. Env
	// OVERRIDEMETHOD_HEADER.
	Header string `env:"HEADER"`
	// Field is the urlencoded form field that names the method. Default
	// "_method" (Egg's); "" never reads bodies. Env OVERRIDEMETHOD_FIELD.
	Field string `env:"FIELD"`
	// BodyLimit is the largest urlencoded body read to look for Field, in
	// bytes; a larger body is left unread. Default 0: bodyparser's
	// FormLimit when the app has bodyparser, else DefaultLimit (1 MiB).
	// Env OVERRIDEMETHOD_BODY_LIMIT.
	BodyLimit int64 `env:"BODY_LIMIT"`
}

// DefaultConfig returns Egg's names: the X-HTTP-Method-Override header and
// the _method field, with bodyparser's limit.
func DefaultConfig() Config {
	return Config{Header: "X-HTTP-Method-Override", Field: "_method"}
}

// Validate checks that something is read, the header name and the limit.
func (c *Config) Validate() error {
	switch {
	case c.Header == "" && c.Field == "":
		return egg.InvalidConfig("Header", `and Field are both empty, so nothing could override a method; set one, or disable the middleware with egg.Disable("overridemethod")`)
	case c.Header != "" && !isToken(c.Header):
		return egg.InvalidConfig("Header", "is not a header name; use letters, digits and '-', e.g. X-HTTP-Method-Override")
	case strings.ContainsAny(c.Field, "&=;%+"):
		return egg.InvalidConfig("Field", "must not contain '&', '=', ';', '%' or '+'; use a plain name such as _method")
	case c.BodyLimit < 0:
		return egg.InvalidConfig("BodyLimit", "must not be negative; use 0 for bodyparser's form limit, or a number of bytes")
	}
	return nil
}

// isToken reports whether s is a valid header name (RFC 9110 token).
func isToken(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return false
		}
	}
	return s != ""
}
