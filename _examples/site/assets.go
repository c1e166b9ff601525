package main

import (
	"embed"
	"fmt"
	"io/fs"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/i18n"
	"github.com/egg-go/egg/modules/static"
	"github.com/egg-go/egg/modules/view"
	"go.uber.org/fx"
)

// assets are the files Egg reads from the app's base dir at start-up:
// templates (app/view), public files (app/public) and messages
// (config/locales). Embedded, they travel inside the binary, so `go run
// ./_examples/site` from the repository root serves the same pages as `go
// run .` from this directory, without setting egg.BaseDir.
//
//go:embed app/view app/public config/locales
var assets embed.FS

// assetOptions points the view, static and i18n modules at fsys, which
// holds app/view, app/public and config/locales as this directory does.
// Each module has its own way to take an fs.FS: view reads Config.FS
// (Root stays "app/view"), static and i18n take the directory itself.
func assetOptions(fsys fs.FS) []fx.Option {
	public, err := fs.Sub(fsys, "app/public")
	if err != nil {
		return []fx.Option{fx.Error(fmt.Errorf("site: app/public in the embedded files: %w", err))}
	}
	locales, err := fs.Sub(fsys, "config/locales")
	if err != nil {
		return []fx.Option{fx.Error(fmt.Errorf("site: config/locales in the embedded files: %w", err))}
	}
	return []fx.Option{
		egg.Configure(func(c *view.Config) { c.FS = fsys }),
		static.WithFS(public),
		i18n.WithFS(locales),
	}
}
