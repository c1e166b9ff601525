package static

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Defaults, Egg's egg-static values where Egg has one.
const (
	DefaultPrefix            = "/public/"           // Egg's prefix
	DefaultDir               = "app/public"         // Egg's dir, relative to the app's base dir
	ProdMaxAge               = 365 * 24 * time.Hour // Egg's config.prod.js maxAge: 31536000 s
	DefaultBufferMaxFileSize = 1 << 20              // 1 MiB
)

// Config tunes the static file middleware. Env prefix STATIC_.
type Config struct {
	// Prefix is the URL path under which files are served; it starts and
	// ends with "/". Default "/public/" (Egg's prefix): GET
	// /public/css/app.css serves <Dir>/css/app.css.
	Prefix string `env:"PREFIX"`
	// Dir is the directory served, relative to the app's base dir unless
	// absolute. Default "app/public" (Egg's dir). Ignored when the app
	// gives a file system with WithFS (embed.FS is the recommended
	// production shape). A missing Dir serves nothing and is logged once.
	Dir string `env:"DIR"`
	// MaxAge is sent as Cache-Control "public, max-age=<seconds>"; 0
	// sends "no-cache" (the browser revalidates every time, and gets a 304
	// while the file is unchanged). Default 0; in env "prod" one year
	// (Egg's config.prod.js maxAge 31536000).
	MaxAge time.Duration `env:"MAX_AGE"`
	// Buffer keeps the content of each file (up to BufferMaxFileSize) in
	// memory after its first request and serves it from there without
	// touching the file system again: files are taken as immutable until
	// restart. Without Buffer each request opens the file, and a changed
	// size or modification time rehashes it. Default false; true in env
	// "prod" (Egg's config.prod.js buffer: true).
	Buffer bool `env:"BUFFER"`
	// BufferMaxFileSize is the largest file Buffer keeps in memory, in
	// bytes; larger files are read from the file system on every request
	// (their ETag is still computed only once). Default 1 MiB.
	BufferMaxFileSize int64 `env:"BUFFER_MAX_FILE_SIZE"`
	// Precompressed serves a sibling "<file>.br" or "<file>.gz" instead of
	// the file when the client's Accept-Encoding accepts it (br first),
	// with the file's own Content-Type, Content-Encoding and Vary:
	// Accept-Encoding. Default true.
	Precompressed bool `env:"PRECOMPRESSED"`
}

// DefaultConfig returns Egg's defaults for env local and unittest: prefix
// /public/, dir app/public, no-cache, no buffer, precompressed siblings
// on. Module sets MaxAge to one year and Buffer on in env "prod".
func DefaultConfig() Config {
	return Config{
		Prefix:            DefaultPrefix,
		Dir:               DefaultDir,
		BufferMaxFileSize: DefaultBufferMaxFileSize,
		Precompressed:     true,
	}
}

// Validate reports a malformed Prefix and negative sizes, naming the
// field, its env var, the value and the fix.
func (c *Config) Validate() error {
	var errs []error
	if !strings.HasPrefix(c.Prefix, "/") || !strings.HasSuffix(c.Prefix, "/") {
		errs = append(errs, fmt.Errorf("static: Prefix (STATIC_PREFIX) is %q; it must start and end with \"/\", e.g. %q", c.Prefix, DefaultPrefix))
	}
	if c.MaxAge < 0 {
		errs = append(errs, fmt.Errorf("static: MaxAge (STATIC_MAX_AGE) is %s; use 0 for no-cache or a positive duration such as 8760h", c.MaxAge))
	}
	if c.BufferMaxFileSize < 0 {
		errs = append(errs, fmt.Errorf("static: BufferMaxFileSize (STATIC_BUFFER_MAX_FILE_SIZE) is %d; use a number of bytes >= 0, e.g. %d (1 MiB)",
			c.BufferMaxFileSize, DefaultBufferMaxFileSize))
	}
	return errors.Join(errs...)
}

// cacheControl is the Cache-Control value for maxAge.
func cacheControl(maxAge time.Duration) string {
	if maxAge <= 0 {
		return "no-cache"
	}
	return fmt.Sprintf("public, max-age=%d", int64(maxAge/time.Second))
}
