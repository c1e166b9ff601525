package sitefile

import (
	"net/url"
	"slices"
	"strings"

	"github.com/egg-go/egg"
)

// FaviconPath is the path browsers ask for a site's icon.
const FaviconPath = "/favicon.ico"

// DefaultCacheControl is Egg's Cache-Control for site files: 30 days.
const DefaultCacheControl = "public, max-age=2592000"

// Config lists the site files (module "sitefile", env prefix SITEFILE_).
type Config struct {
	// Favicon is what GET /favicon.ico answers. "" (default): 204 No
	// Content, nothing logged. An http:// or https:// URL: a 302 redirect
	// to it (Egg's URL form). Anything else: the path of an icon file,
	// relative to the app's base dir, read at start-up and sent with
	// CacheControl. Env SITEFILE_FAVICON.
	Favicon string `env:"FAVICON"`
	// Files are other site files, by request path ("/robots.txt"). A
	// FaviconPath entry replaces Favicon (setting both is an error).
	// Default none.
	Files map[string]File
	// CacheControl is sent with every file served from Bytes or Path
	// (not with redirects or the 204). Default DefaultCacheControl;
	// "none" sends no Cache-Control. Env SITEFILE_CACHE_CONTROL.
	CacheControl string `env:"CACHE_CONTROL"`
}

// File is one site file: exactly one of Bytes, Path and URL.
type File struct {
	// Bytes is the file's content. (The config dump shows only its
	// length.)
	Bytes []byte `secret:"true"`
	// Path is a file read at start-up, relative to the app's base dir.
	Path string
	// URL is where to redirect (302): an http(s) URL, or a path on this
	// site beginning with "/".
	URL string
	// ContentType is sent with Bytes or Path. Default: from the content
	// for images, else from the request path's extension, else sniffed.
	ContentType string
}

// DefaultConfig returns the defaults: the favicon answers 204, no other
// files, 30 days of caching.
func DefaultConfig() Config { return Config{CacheControl: DefaultCacheControl} }

// Validate checks the request paths, that each file has exactly one
// source, and the URLs.
func (c *Config) Validate() error {
	if c.Favicon != "" {
		if _, ok := c.Files[FaviconPath]; ok {
			return egg.InvalidConfig("Favicon", `Files["/favicon.ico"] is set as well; set one of them`)
		}
		if isURL(c.Favicon) {
			if err := checkURL(c.Favicon); err != "" {
				return egg.InvalidConfig("Favicon", err)
			}
		}
	}
	if c.CacheControl == "" {
		return egg.InvalidConfig("CacheControl", `is empty; use "none" to send no Cache-Control, or a value such as "`+DefaultCacheControl+`"`)
	}
	keys := make([]string, 0, len(c.Files))
	for p := range c.Files {
		keys = append(keys, p)
	}
	slices.Sort(keys) // the same error first every time
	for _, p := range keys {
		if err := checkFile(p, c.Files[p]); err != "" {
			return egg.InvalidConfig("Files", "entry "+quote(p)+" "+err)
		}
	}
	return nil
}

// checkFile returns what is wrong with one Files entry, or "".
func checkFile(p string, f File) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "?#") {
		return `is not a request path; use a path such as "/robots.txt" (no query)`
	}
	n := 0
	for _, set := range []bool{f.Bytes != nil, f.Path != "", f.URL != ""} {
		if set {
			n++
		}
	}
	if n != 1 {
		return "must set exactly one of Bytes, Path and URL"
	}
	if f.URL != "" {
		if err := checkURL(f.URL); err != "" {
			return "has URL " + quote(f.URL) + "; " + err
		}
		if f.ContentType != "" {
			return "sets ContentType on a redirect; drop it"
		}
	}
	return ""
}

// isURL reports whether s is an http(s) URL rather than a file path.
func isURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// checkURL returns what is wrong with a redirect target, or "".
func checkURL(s string) string {
	if strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//") && !strings.HasPrefix(s, "/\\") {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || !isURL(s) || u.Host == "" {
		return `want an absolute http(s) URL with a host, or a path on this site beginning with "/"`
	}
	return ""
}

func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }
