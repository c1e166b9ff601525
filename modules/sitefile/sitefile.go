package sitefile

import (
	"fmt"
	"maps"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// entry is one site file, ready to send. Header values are made once and
// shared by every response (never modified), so serving allocates
// nothing.
type entry struct {
	path   string
	status int
	header []field // set on the response as they are
	body   []byte  // sent for GET, not for HEAD
}

// field is one response header.
type field struct {
	key   string // canonical
	value []string
}

func (e *entry) set(key, value string) { e.header = append(e.header, field{key, []string{value}}) }

// Middleware serves the site files. Make it with New.
type Middleware struct {
	entries []*entry          // searched in order when few
	byPath  map[string]*entry // when many
}

// lookupMap is from how many entries on byPath is used.
const lookupMap = 8

// New checks cfg, reads the files it names (relative paths from baseDir;
// "" is the working directory) and returns the middleware. The error names
// the field, the file and the fix.
func New(cfg Config, baseDir string) (*Middleware, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("sitefile: %w", err)
	}
	files := make(map[string]File, len(cfg.Files)+1)
	for p, f := range cfg.Files {
		files[p] = f
	}
	if _, ok := files[FaviconPath]; !ok {
		switch fav := cfg.Favicon; {
		case fav == "":
		case isURL(fav):
			files[FaviconPath] = File{URL: fav}
		default:
			files[FaviconPath] = File{Path: fav}
		}
	}
	m := &Middleware{}
	if _, ok := files[FaviconPath]; !ok {
		m.add(&entry{path: FaviconPath, status: http.StatusNoContent})
	}
	for _, p := range sortedPaths(files) {
		e, err := newEntry(p, files[p], cfg, baseDir)
		if err != nil {
			return nil, err
		}
		m.add(e)
	}
	if len(m.entries) >= lookupMap {
		m.byPath = make(map[string]*entry, len(m.entries))
		for _, e := range m.entries {
			m.byPath[e.path] = e
		}
	}
	return m, nil
}

func (m *Middleware) add(e *entry) { m.entries = append(m.entries, e) }

// newEntry prepares the response for one file.
func newEntry(p string, f File, cfg Config, baseDir string) (*entry, error) {
	e := &entry{path: p}
	if f.URL != "" {
		e.status = http.StatusFound // Egg's ctx.redirect
		e.set("Location", f.URL)
		return e, nil
	}
	e.status, e.body = http.StatusOK, f.Bytes
	if f.Path != "" {
		file := f.Path
		if !filepath.IsAbs(file) && baseDir != "" {
			file = filepath.Join(baseDir, file)
		}
		b, err := os.ReadFile(file)
		if err != nil {
			field := `Files["` + p + `"].Path`
			if p == FaviconPath && f.Path == cfg.Favicon {
				field = "Favicon (SITEFILE_FAVICON)"
			}
			return nil, fmt.Errorf("sitefile: %s is %q, which cannot be read: %w; give the path of the file, absolute or relative to the app's base dir (%s), or an http(s) URL to redirect to",
				field, f.Path, err, baseDir)
		}
		e.body = b
	}
	ct := f.ContentType
	if ct == "" {
		ct = contentType(p, e.body)
	}
	e.set("Content-Type", ct)
	e.set("Content-Length", strconv.Itoa(len(e.body)))
	if cfg.CacheControl != "none" {
		e.set("Cache-Control", cfg.CacheControl)
	}
	return e, nil
}

// contentType chooses the type of a file served at p: an image's own
// signature first (a PNG served as /favicon.ico is a PNG), then the
// path's extension, then whatever the content looks like.
func contentType(p string, body []byte) string {
	sniffed := http.DetectContentType(body)
	if strings.HasPrefix(sniffed, "image/") {
		return sniffed
	}
	ext := strings.ToLower(path.Ext(p))
	if ext == ".ico" {
		return "image/x-icon" // missing from Go's built-in table
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return sniffed
}

// Handler wraps next: GET and HEAD for a site file are answered here,
// everything else goes on to next.
func (m *Middleware) Handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		e := m.find(r.URL.Path)
		if e == nil {
			next.ServeHTTP(w, r)
			return
		}
		h := w.Header()
		for _, f := range e.header {
			h[f.key] = f.value
		}
		w.WriteHeader(e.status)
		if r.Method == http.MethodGet && len(e.body) > 0 {
			_, _ = w.Write(e.body)
		}
	})
}

func sortedPaths(files map[string]File) []string { return slices.Sorted(maps.Keys(files)) }

// find returns the entry for a request path, or nil.
func (m *Middleware) find(p string) *entry {
	if m.byPath != nil {
		return m.byPath[p]
	}
	for _, e := range m.entries {
		if e.path == p {
			return e
		}
	}
	return nil
}
