package view

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"maps"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/egg-go/egg"
)

// View renders templates by name with the engine mapped to their
// extension (Egg's app.view / ctx.view). The module provides one per app;
// handlers use the package functions Render, RenderStatus and
// RenderString, which find it from the Ctx.
type View struct {
	cfg     Config
	baseDir string
	log     *slog.Logger
	specs   []EngineSpec
	helpers []Helper
	byExt   map[string]mapped // built in DidLoad
	names   atomic.Pointer[map[string]resolved]
}

// mapped is an extension's engine.
type mapped struct {
	name   string
	engine Engine
}

// New returns the View for cfg, reading templates under baseDir (when
// cfg.FS is nil), with the given engines and helpers (pathFor and urlFor
// are added). Its engines are built by DidLoad; the module wires both.
func New(cfg Config, baseDir string, log *slog.Logger, engines []EngineSpec, helpers []Helper) *View {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	specs := slices.Clone(engines)
	sort.SliceStable(specs, func(i, j int) bool { return specs[i].Name < specs[j].Name })
	return &View{cfg: cfg, baseDir: baseDir, log: log, specs: specs,
		helpers: append(builtinHelpers(), helpers...)}
}

// DidLoad checks the helpers and the extension mapping and builds every
// engine that has an extension: with Cache on each parses all its
// templates now, so a broken one fails start-up.
func (v *View) DidLoad(context.Context) error {
	if err := checkHelpers(v.helpers); err != nil {
		return err
	}
	exts, err := v.mapping()
	if err != nil {
		return err
	}
	fsys, root := v.source()
	v.byExt = map[string]mapped{}
	for _, spec := range v.specs {
		var mine []string
		for ext, name := range exts {
			if name == spec.Name {
				mine = append(mine, ext)
			}
		}
		if len(mine) == 0 {
			continue
		}
		sort.Strings(mine)
		if spec.New == nil {
			return fmt.Errorf("view: engine %q has no New function", spec.Name)
		}
		e, err := spec.New(Setup{FS: fsys, Root: root, Extensions: mine, Reload: !v.cfg.Cache,
			CheckInterval: v.cfg.CheckInterval, Helpers: v.helpers, Logger: v.log})
		if err != nil {
			return fmt.Errorf("view: engine %q: %w", spec.Name, err)
		}
		if e == nil {
			return fmt.Errorf("view: engine %q: New returned no engine", spec.Name)
		}
		for _, ext := range mine {
			v.byExt[ext] = mapped{name: spec.Name, engine: e}
		}
	}
	if _, ok := v.byExt[v.cfg.DefaultExtension]; !ok {
		return fmt.Errorf("view: no engine renders the default extension %q (DefaultExtension); add the engine's module (contrib/gonja for .njk and .jinja), map it with VIEW_MAPPING=%s:<engine>, or set VIEW_DEFAULT_EXTENSION=.html",
			v.cfg.DefaultExtension, v.cfg.DefaultExtension)
	}
	v.log.Debug("view engines ready", "root", root, "cache", v.cfg.Cache, "mapping", exts)
	return nil
}

// mapping is extension → engine name: each engine's own extensions, then
// Config.Mapping over them.
func (v *View) mapping() (map[string]string, error) {
	names := map[string]bool{}
	claimed := map[string][]string{}
	for _, s := range v.specs {
		if names[s.Name] {
			return nil, fmt.Errorf("view: two engines are registered as %q; each engine needs its own name", s.Name)
		}
		names[s.Name] = true
		for _, ext := range s.Extensions {
			claimed[ext] = append(claimed[ext], s.Name)
		}
	}
	out := map[string]string{}
	for _, ext := range slices.Sorted(maps.Keys(claimed)) {
		by := claimed[ext]
		if _, set := v.cfg.Mapping[ext]; set {
			continue
		}
		if len(by) > 1 {
			return nil, fmt.Errorf("view: engines %s all render %q files; choose one, e.g. VIEW_MAPPING=%s:%s",
				strings.Join(by, " and "), ext, ext, by[len(by)-1])
		}
		out[ext] = by[0]
	}
	for _, ext := range slices.Sorted(maps.Keys(v.cfg.Mapping)) {
		name := strings.TrimSpace(v.cfg.Mapping[ext])
		if !names[name] {
			return nil, fmt.Errorf("view: Mapping gives %q files to engine %q, which is not registered (engines: %s); add its module (contrib/gonja for \"gonja\") or fix VIEW_MAPPING",
				ext, name, strings.Join(slices.Sorted(maps.Keys(names)), ", "))
		}
		out[ext] = name
	}
	return out, nil
}

// source is the templates' file system and a description of it.
func (v *View) source() (fs.FS, string) {
	root := v.cfg.Root
	if v.cfg.FS != nil {
		sub, err := fs.Sub(v.cfg.FS, root)
		if err != nil || root == "." {
			sub = v.cfg.FS
		}
		return sub, fmt.Sprintf("%s in view.Config.FS", root)
	}
	dir := root
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(v.baseDir, dir)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	return os.DirFS(abs), fmt.Sprintf("%s (%s)", root, abs)
}

// resolved is what resolve made of a name.
type resolved struct {
	name string
	m    mapped
}

// maxResolved bounds View.names: handlers render a few constant names;
// names built from requests must not grow it without end.
const maxResolved = 256

// resolve is resolveName, remembered for names that resolved (a render
// then costs a map lookup instead of path checks and a concatenation).
func (v *View) resolve(name string) (string, mapped, error) {
	if names := v.names.Load(); names != nil {
		if r, ok := (*names)[name]; ok {
			return r.name, r.m, nil
		}
	}
	n, m, err := v.resolveName(name)
	if err != nil {
		return n, m, err
	}
	old := v.names.Load()
	if old == nil || len(*old) < maxResolved {
		next := make(map[string]resolved, 8)
		if old != nil {
			maps.Copy(next, *old)
		}
		next[name] = resolved{n, m}
		v.names.CompareAndSwap(old, &next) // lost to another render: it remembers later
	}
	return n, m, nil
}

// resolveName cleans a template name, adds the default extension and finds
// the engine for it.
func (v *View) resolveName(name string) (string, mapped, error) {
	n := strings.TrimPrefix(name, "/")
	if path.Ext(n) == "" {
		n += v.cfg.DefaultExtension
	}
	if !fs.ValidPath(n) || n == "." || strings.Contains(n, "\\") {
		return "", mapped{}, fmt.Errorf("view: template name %q is not a slash path under the root (no \"..\", \".\" or empty parts); e.g. \"users/show\"", name)
	}
	if v.byExt == nil {
		return "", mapped{}, errors.New("view: templates are not loaded yet; render from a handler, once the app has started")
	}
	m, ok := v.byExt[path.Ext(n)]
	if !ok {
		return "", mapped{}, fmt.Errorf("view: no engine renders %q files (template %q); add the engine's module (contrib/gonja for .njk and .jinja), or map the extension, e.g. VIEW_MAPPING=%s:%s",
			path.Ext(n), n, path.Ext(n), HTMLEngineName)
	}
	return n, m, nil
}

// renderBuffer renders template name with data for c into a pooled
// buffer: a whole page, so nothing is sent when a render fails halfway.
// Errors are *egg.Error values with status 500; a missing template's wraps
// ErrNotFound.
func (v *View) renderBuffer(c *egg.Ctx, name string, data any) (*bytes.Buffer, error) {
	n, m, err := v.resolve(name)
	if err != nil {
		return nil, renderError(err)
	}
	buf := getBuffer()
	if err := m.engine.Render(buf, c, n, data); err != nil {
		putBuffer(buf)
		if errors.Is(err, ErrNotFound) {
			return nil, renderError(err)
		}
		return nil, renderError(fmt.Errorf("view: rendering %q (engine %s): %w", n, m.name, err))
	}
	return buf, nil
}

// Render renders template name with data and sends it with the given
// status as text/html; charset=utf-8 (unless the handler set another
// Content-Type). See the package function Render.
func (v *View) Render(c *egg.Ctx, status int, name string, data any) error {
	buf, err := v.renderBuffer(c, name, data)
	if err != nil {
		return err
	}
	defer putBuffer(buf)
	w := c.Response()
	if h := w.Header(); len(h["Content-Type"]) == 0 || h["Content-Type"][0] == "" { // keys are canonical (Set)
		h["Content-Type"] = contentTypeHTML
	}
	w.WriteHeader(status)
	_, err = w.Write(buf.Bytes())
	return err
}

// RenderString renders template name with data and returns the text.
func (v *View) RenderString(c *egg.Ctx, name string, data any) (string, error) {
	buf, err := v.renderBuffer(c, name, data)
	if err != nil {
		return "", err
	}
	s := buf.String()
	putBuffer(buf)
	return s, nil
}

var contentTypeHTML = []string{"text/html; charset=utf-8"}

// renderError makes err a 500 that onerror renders: its message (the
// template, the root, the engine's error) shows in local and unittest and
// is logged; other envs show only "Internal Server Error".
func renderError(err error) error {
	return &egg.Error{Status: http.StatusInternalServerError, Message: err.Error(), Err: err}
}

// Buffers for whole pages, reused; one that grew past 256 KiB is dropped
// rather than kept for every later render.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getBuffer() *bytes.Buffer { return buffers.Get().(*bytes.Buffer) }

func putBuffer(b *bytes.Buffer) {
	if b.Cap() > 256<<10 {
		return
	}
	b.Reset()
	buffers.Put(b)
}
