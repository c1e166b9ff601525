package view

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/egg-go/egg"
)

// Config configures the view module (Egg's config.view). Env prefix VIEW_.
type Config struct {
	// Root is the directory of the templates: relative to the app's
	// BaseDir (or absolute) on disk, or a path inside FS when FS is set.
	// Default "app/view" (Egg's root). Env VIEW_ROOT.
	Root string `env:"ROOT"`
	// FS, when set, is where templates are read from instead of the disk:
	// an embed.FS is the production shape (//go:embed app/view, and Root
	// stays "app/view"). Default nil (the disk). Not settable from the
	// environment.
	FS fs.FS
	// DefaultExtension is added to a template name given without one:
	// view.Render(c, "home", data) renders "home.html". Default ".html"
	// (Egg's defaultExtension). Env VIEW_DEFAULT_EXTENSION.
	DefaultExtension string `env:"DEFAULT_EXTENSION"`
	// Mapping maps file extensions to engine names, over the extensions
	// each engine claims itself (Egg's mapping): {".tpl": "html"} renders
	// .tpl files with html/template, {".html": "gonja"} hands .html to
	// contrib/gonja. Default none: ".html" → "html", and contrib/gonja's
	// ".njk", ".jinja" → "gonja" when its module is added. Env
	// VIEW_MAPPING, e.g. ".tpl:html,.j2:gonja".
	Mapping map[string]string `env:"MAPPING"`
	// Cache parses every template once, at start-up, and never reads the
	// files again; a broken template fails start-up. With Cache off,
	// templates are re-read when a file changes (checked on render, see
	// CheckInterval) and a broken template shows its error when rendered.
	// Default true, false in the local env (Egg's cache). Env VIEW_CACHE.
	Cache bool `env:"CACHE"`
	// CheckInterval, with Cache off, is how often at most a render checks
	// the files for changes (one stat of each template file); 0 checks on
	// every render. Default 100ms. Env VIEW_CHECK_INTERVAL.
	CheckInterval time.Duration `env:"CHECK_INTERVAL"`
	// SharedDirs are the directories under Root whose files are parsed
	// into every html/template page: layouts and partials, which pages
	// reach with {{ template "layouts/main.html" . }}. Default "layouts"
	// and "partials". Env VIEW_SHARED_DIRS.
	SharedDirs []string `env:"SHARED_DIRS"`
	// CompileHTML runs html/template pages as compiled programs: the page
	// html/template escaped, run without text/template's interpreter (no
	// reflect.Value.Call per escaper or helper, no fmt per action): same
	// bytes, and a request of BenchmarkRender takes about a quarter of the
	// time it takes with html/template (BenchmarkRenderStdlib).
	// A page using what the compiler does not handle (script and style
	// contexts, some builtins) renders with html/template, as does a render
	// that fails (for html/template's error message): so a helper of a
	// failing render may run twice. Off: every page renders with
	// html/template. Default true. Env VIEW_COMPILE_HTML.
	CompileHTML bool `env:"COMPILE_HTML"`
}

// DefaultConfig returns Egg's defaults: root app/view, extension .html,
// cache on (off in local, set by the module), shared dirs layouts and
// partials, change checks at most every 100ms, compiled html/template
// pages.
func DefaultConfig() Config {
	return Config{
		Root:             "app/view",
		DefaultExtension: ".html",
		Cache:            true,
		CheckInterval:    100 * time.Millisecond,
		SharedDirs:       []string{"layouts", "partials"},
		CompileHTML:      true,
	}
}

// Validate reports a field that cannot work, naming the fix.
func (c *Config) Validate() error {
	if strings.TrimSpace(c.Root) == "" {
		return egg.InvalidConfig("Root", `must name the template directory, e.g. VIEW_ROOT=app/view`)
	}
	if c.FS != nil && !fs.ValidPath(c.Root) {
		return egg.InvalidConfig("Root", `with FS set, Root is a slash path inside the FS without a leading "/" or "..", e.g. "app/view", or "." for the FS itself`)
	}
	if !validExt(c.DefaultExtension) {
		return egg.InvalidConfig("DefaultExtension", `must be an extension with its dot, e.g. VIEW_DEFAULT_EXTENSION=.html`)
	}
	exts := make([]string, 0, len(c.Mapping))
	for ext := range c.Mapping {
		exts = append(exts, ext)
	}
	sort.Strings(exts)
	for _, ext := range exts {
		if !validExt(ext) {
			return egg.InvalidConfig("Mapping", fmt.Sprintf(`extension %q must start with a dot, e.g. VIEW_MAPPING=.tpl:html`, ext))
		}
		if strings.TrimSpace(c.Mapping[ext]) == "" {
			return egg.InvalidConfig("Mapping", fmt.Sprintf(`extension %q names no engine; give one, e.g. VIEW_MAPPING=%s:html`, ext, ext))
		}
	}
	if c.CheckInterval < 0 {
		return egg.InvalidConfig("CheckInterval", `must be 0 (check on every render) or positive, e.g. VIEW_CHECK_INTERVAL=100ms`)
	}
	for _, d := range c.SharedDirs {
		if d = strings.Trim(d, "/"); d == "" || !fs.ValidPath(d) {
			return egg.InvalidConfig("SharedDirs", `each entry is a directory under Root as a slash path, e.g. VIEW_SHARED_DIRS=layouts,partials`)
		}
	}
	return nil
}

// validExt reports whether ext looks like ".html": a dot, then no dot,
// slash or space.
func validExt(ext string) bool {
	return len(ext) > 1 && ext[0] == '.' && !strings.ContainsAny(ext[1:], "./\\ ")
}

// sharedPrefixes turns SharedDirs into "layouts/"-style prefixes.
func (c *Config) sharedPrefixes() []string {
	out := make([]string, 0, len(c.SharedDirs))
	for _, d := range c.SharedDirs {
		out = append(out, path.Clean(strings.Trim(d, "/"))+"/")
	}
	return out
}
