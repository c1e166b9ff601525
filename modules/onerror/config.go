package onerror

import "fmt"

// Formats Config.Format accepts.
const (
	FormatJSON = "json"
	FormatHTML = "html"
	FormatText = "text"
)

// Config tunes Render.
type Config struct {
	// Format forces one response format for every request: "json",
	// "html" or "text". Default "" negotiates per request (see
	// AcceptsJSON).
	Format string `env:"FORMAT"`
}

// DefaultConfig returns the defaults: negotiate the format per request.
func DefaultConfig() Config { return Config{} }

// Validate reports an unknown Format.
func (c *Config) Validate() error {
	switch c.Format {
	case "", FormatJSON, FormatHTML, FormatText:
		return nil
	}
	return fmt.Errorf("onerror: Format (FORMAT) is %q; use \"json\", \"html\", \"text\" or \"\" to negotiate", c.Format)
}
