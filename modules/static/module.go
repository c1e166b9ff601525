package static

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"slices"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

// Name is the module's name and its middleware's name: the key for
// egg.HTTPConfig.MiddlewareOptions and egg.Disable, and the prefix
// (STATIC_) of the config's environment variables.
const Name = "static"

// Module is module "static" (Egg's egg-static). It declares Config (one
// year MaxAge and Buffer on in env "prod", as Egg's config.prod.js),
// registers the "static" middleware and appends it to
// egg.HTTPConfig.CoreMiddleware, after the core middleware listed before
// it (Egg's order: meta, siteFile, notfound, static, bodyParser, ...).
//
// It serves Config.Dir (default app/public under the app's base dir)
// through an os.Root, so symbolic links cannot lead outside it, or the
// file system given with WithFS. Egg's options apply to the middleware by
// its name:
//
//	egg.Configure(func(c *egg.HTTPConfig) {
//		c.MiddlewareOptions = map[string]egg.MiddlewareOptions{
//			static.Name: {Disable: true},
//		}
//	})
var Module = egg.Module(Name,
	egg.Config(DefaultConfig()),
	egg.ConfigureEnv("prod", func(c *Config) {
		c.MaxAge = ProdMaxAge
		c.Buffer = true
	}),
	egg.Middleware(Name, newMiddleware),
	egg.Configure(appendCore),
)

// appendCore appends the middleware to the core list, unless a module
// before this one already placed it.
func appendCore(c *egg.HTTPConfig) {
	if !slices.Contains(c.CoreMiddleware, Name) {
		c.CoreMiddleware = append(c.CoreMiddleware, Name)
	}
}

// Files is a file system for Module to serve instead of Config.Dir. Give
// it with WithFS, or provide it from a constructor of your own.
type Files struct {
	FS fs.FS
}

// WithFS makes Module serve fsys instead of Config.Dir: an embed.FS is
// the recommended production shape (one binary, no files to deploy).
// Strip the embed directory with fs.Sub:
//
//	//go:embed public
//	var public embed.FS
//
//	sub, _ := fs.Sub(public, "public")
//	egg.Run(modules.Default(), static.WithFS(sub), app.Module)
func WithFS(fsys fs.FS) fx.Option { return fx.Supply(Files{FS: fsys}) }

type params struct {
	fx.In
	App       *egg.App
	Config    Config
	Files     Files `optional:"true"`
	Lifecycle fx.Lifecycle
}

// passThrough is the middleware when there is nothing to serve.
func passThrough(next http.Handler) http.Handler { return next }

// newMiddleware builds the "static" middleware from the app's config.
func newMiddleware(p params) (func(http.Handler) http.Handler, error) {
	log := p.App.CoreLogger()
	fsys := p.Files.FS
	if fsys == nil {
		dir := p.Config.Dir
		if dir == "" {
			return nil, errors.New("static: Dir (STATIC_DIR) is empty and no file system was given with static.WithFS; " +
				"set one of them, or switch the module off with egg.Disable(\"static\")")
		}
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(p.App.BaseDir(), dir)
		}
		root, err := os.OpenRoot(dir)
		if errors.Is(err, fs.ErrNotExist) {
			log.Info("static: the directory does not exist, so nothing is served under the prefix; "+
				"create it, set STATIC_DIR, or give an embed.FS with static.WithFS", "dir", dir, "prefix", p.Config.Prefix)
			return passThrough, nil
		}
		if err != nil {
			return nil, fmt.Errorf("static: cannot open Dir %q (STATIC_DIR): %w; make it a readable directory or point STATIC_DIR elsewhere", dir, err)
		}
		p.Lifecycle.Append(fx.StopHook(root.Close))
		fsys = root.FS()
	}
	h, err := New(fsys, p.Config, log)
	if err != nil {
		return nil, err
	}
	return h.Middleware, nil
}
