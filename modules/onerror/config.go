package onerror

import (
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/egg-go/egg"
)

// Formats Config.Format and Config.PathFormats accept.
const (
	FormatJSON = "json"
	FormatHTML = "html"
	FormatText = "text"
)

// Config tunes Render.
type Config struct {
	// Format forces one response format for every request: "json",
	// "html" or "text". Default "" negotiates per request (see
	// AcceptsJSON). Env ONERROR_FORMAT.
	Format string `env:"FORMAT"`
	// PathFormats chooses the format by path prefix, e.g.
	// {"/api": "json"}: JSON errors under /api even for curl's
	// "Accept: */*" or a browser's text/html. A prefix matches whole path
	// segments ("/api" matches /api and /api/users, not /apis; a prefix
	// ending in "/" matches anything under it); the longest matching
	// prefix wins, over Format too, and "" as its format negotiates (to
	// exempt a subtree: {"/api": "json", "/api/docs": ""}). Default none.
	// Env ONERROR_PATH_FORMATS, e.g. "/api:json,/admin:html".
	PathFormats map[string]string `env:"PATH_FORMATS"`
}

// DefaultConfig returns the defaults: negotiate the format per request.
func DefaultConfig() Config { return Config{} }

// Validate reports an unknown format, or a PathFormats prefix that does
// not start with "/", as an egg config field error (egg adds the value
// and the env var or layer that set it).
func (c *Config) Validate() error {
	if !knownFormat(c.Format) {
		return egg.InvalidConfig("Format", fmt.Sprintf(`unknown format %q; use "json", "html", "text" or "" to negotiate`, c.Format))
	}
	prefixes := make([]string, 0, len(c.PathFormats))
	for p := range c.PathFormats {
		prefixes = append(prefixes, p)
	}
	sort.Strings(prefixes)
	for _, p := range prefixes {
		if !strings.HasPrefix(p, "/") {
			return egg.InvalidConfig("PathFormats", fmt.Sprintf(`prefix %q must start with "/", e.g. "/api"`, p))
		}
		if f := c.PathFormats[p]; !knownFormat(f) {
			return egg.InvalidConfig("PathFormats", fmt.Sprintf(`prefix %q has unknown format %q; use "json", "html", "text" or "" to negotiate`, p, f))
		}
	}
	return nil
}

func knownFormat(f string) bool {
	switch f {
	case "", FormatJSON, FormatHTML, FormatText:
		return true
	}
	return false
}

// formatFor returns the format cfg forces for r ("" to negotiate): that
// of the longest PathFormats prefix r's path is under, else Format.
func (c *Config) formatFor(r *http.Request) string {
	if len(c.PathFormats) == 0 || r == nil || r.URL == nil {
		return c.Format
	}
	path := r.URL.Path
	best, format := -1, c.Format
	for p, f := range c.PathFormats {
		if len(p) > best && underPrefix(path, p) {
			best, format = len(p), f
		}
	}
	return format
}

// underPrefix reports whether path is prefix or below it, by whole
// segments.
func underPrefix(path, prefix string) bool {
	if !strings.HasPrefix(path, prefix) {
		return false
	}
	return len(path) == len(prefix) || strings.HasSuffix(prefix, "/") || path[len(prefix)] == '/'
}
