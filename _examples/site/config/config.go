// Package config is Egg's config/ directory for the site: the app's layer
// over the framework's and the modules' defaults (config.default.js, then
// config.prod.js), and the message files in config/locales.
//
// Environment variables win over all of it: PORT, EGG_KEYS,
// MULTIPART_FILE_SIZE, I18N_DEFAULT_LOCALE, SESSION_MAX_AGE, ... (each
// module's Config documents its own).
package config

import (
	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/multipart"
	"go.uber.org/fx"
)

// UploadExtensions are the only file extensions POST /upload accepts
// (Egg's config.multipart.whitelist); the other limits stay the
// multipart module's defaults: 10 MiB per file, 10 files, 10 fields.
var UploadExtensions = []string{".png", ".jpg", ".txt"}

// Options is the app's config, as options for egg.Run next to the
// modules. It is a slice, not one fx.Options: egg reads each Configure
// where it is written, at the top level.
func Options() []fx.Option {
	return []fx.Option{
		// config.default.js: config.multipart = { whitelist: [...] }
		egg.Configure(func(c *multipart.Config) { c.Whitelist = append([]string(nil), UploadExtensions...) }),

		// config.prod.js: listen on every interface. Sessions need
		// EGG_KEYS there (local and unittest use a random key per process).
		egg.ConfigureEnv("prod", func(c *egg.ServerConfig) { c.Host = "0.0.0.0" }),
	}
}
