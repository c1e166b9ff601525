package bodyparser

import (
	"fmt"
	"strings"

	"github.com/egg-go/egg"
)

// Body types for Config.EnableTypes.
const (
	TypeJSON = "json" // application/json and */*+json
	TypeForm = "form" // application/x-www-form-urlencoded
)

// DefaultLimit is the default JSONLimit and FormLimit: 1 MiB (Egg's '1mb').
const DefaultLimit = 1 << 20

// Config tunes a Binder. The zero value of a limit or of EnableTypes means
// its default; Strict has no such escape, so start from DefaultConfig.
type Config struct {
	// JSONLimit is the largest JSON body accepted, in bytes; larger ones
	// get 413. Default 1 MiB (Egg's jsonLimit '1mb').
	JSONLimit int64 `env:"JSON_LIMIT"`
	// FormLimit is the largest urlencoded form body accepted, in bytes;
	// larger ones get 413. Default 1 MiB (Egg's formLimit '1mb').
	FormLimit int64 `env:"FORM_LIMIT"`
	// EnableTypes lists the body types Bind parses: "json", "form".
	// Others get 415. Default both (Egg's enableTypes).
	EnableTypes []string `env:"ENABLE_TYPES"`
	// Strict requires a JSON body to be an object or an array, as Egg's
	// strict does. Default true.
	Strict bool `env:"STRICT"`
}

// DefaultConfig returns Egg's defaults: 1 MiB limits, JSON and form
// bodies, strict JSON.
func DefaultConfig() Config {
	return Config{
		JSONLimit:   DefaultLimit,
		FormLimit:   DefaultLimit,
		EnableTypes: []string{TypeJSON, TypeForm},
		Strict:      true,
	}
}

// Validate reports the first limit that is not positive or unknown body
// type, as an egg config field error: egg adds the module, the value and
// the layer that set it (env BODYPARSER_JSON_LIMIT, say), so the message
// names the very variable to fix.
func (c *Config) Validate() error {
	if c.JSONLimit <= 0 {
		return egg.InvalidConfig("JSONLimit", fmt.Sprintf("must be a positive number of bytes, e.g. %d (1 MiB)", DefaultLimit))
	}
	if c.FormLimit <= 0 {
		return egg.InvalidConfig("FormLimit", fmt.Sprintf("must be a positive number of bytes, e.g. %d (1 MiB)", DefaultLimit))
	}
	for _, t := range c.EnableTypes {
		if normType(t) != TypeJSON && normType(t) != TypeForm {
			return egg.InvalidConfig("EnableTypes", fmt.Sprintf("has unknown type %q; use %q and/or %q (multipart bodies are read with modules/multipart, not Bind)", t, TypeJSON, TypeForm))
		}
	}
	return nil
}

// normType lets "JSON" and " form" (from an env list) count as the known
// types.
func normType(t string) string { return strings.ToLower(strings.TrimSpace(t)) }

// settings is a Config with defaults filled in.
type settings struct {
	jsonLimit, formLimit int64
	json, form           bool
	strict               bool
}

func newSettings(c Config) settings {
	s := settings{jsonLimit: c.JSONLimit, formLimit: c.FormLimit, strict: c.Strict}
	if s.jsonLimit <= 0 {
		s.jsonLimit = DefaultLimit
	}
	if s.formLimit <= 0 {
		s.formLimit = DefaultLimit
	}
	types := c.EnableTypes
	if types == nil {
		types = []string{TypeJSON, TypeForm}
	}
	for _, t := range types {
		switch normType(t) {
		case TypeJSON:
			s.json = true
		case TypeForm:
			s.form = true
		}
	}
	return s
}
