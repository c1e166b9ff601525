package logrotator

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/egg-go/egg"
)

// Config is module "logrotator"'s config (Egg's config.logrotator), env
// prefix LOGROTATOR_. Files not listed in FilesRotateByHour or
// FilesRotateBySize rotate daily.
type Config struct {
	// FilesRotateByHour lists log files renamed every hour, to
	// name.YYYY-MM-DD-HH, instead of daily. Give a file's base name as
	// modules/logger names it ("{app}" stands for the app name, e.g.
	// "{app}-access.log") or its full path. Default none.
	// Env LOGROTATOR_FILES_ROTATE_BY_HOUR, comma-separated.
	FilesRotateByHour []string `env:"FILES_ROTATE_BY_HOUR"`
	// HourDelimiter goes between date and hour in those names.
	// Default "-". Env LOGROTATOR_HOUR_DELIMITER.
	HourDelimiter string `env:"HOUR_DELIMITER"`
	// FilesRotateBySize lists log files renamed to name.1 (name.1 to
	// name.2, ...) when they would pass MaxFileSize, instead of daily.
	// Same names as FilesRotateByHour. Default none.
	// Env LOGROTATOR_FILES_ROTATE_BY_SIZE, comma-separated.
	FilesRotateBySize []string `env:"FILES_ROTATE_BY_SIZE"`
	// MaxFileSize is the size in bytes a by-size file stays under.
	// Default 50 MiB (Egg's 50 MB). Env LOGROTATOR_MAX_FILE_SIZE.
	MaxFileSize int64 `env:"MAX_FILE_SIZE"`
	// MaxFiles is how many rotated by-size files are kept. Default 10.
	// Env LOGROTATOR_MAX_FILES.
	MaxFiles int `env:"MAX_FILES"`
	// MaxDays removes daily and hourly rotated files dated more than this
	// many days ago. Default 31; 0 keeps them all.
	// Env LOGROTATOR_MAX_DAYS.
	MaxDays int `env:"MAX_DAYS"`
}

// DefaultConfig returns Egg's defaults: daily rotation, 31 days kept,
// 50 MiB and 10 files for the files listed as by size, "-" before the
// hour.
func DefaultConfig() Config {
	return Config{
		HourDelimiter: DefaultHourDelimiter,
		MaxFileSize:   DefaultMaxSize,
		MaxFiles:      DefaultMaxFiles,
		MaxDays:       31,
	}
}

// Validate reports sizes and counts that cannot work and a file listed
// both by hour and by size, as egg config field errors (egg adds the
// value and the layer that set it).
func (c *Config) Validate() error {
	if c.MaxFileSize <= 0 {
		return egg.InvalidConfig("MaxFileSize", fmt.Sprintf("must be a positive number of bytes, e.g. %d (50 MiB)", DefaultMaxSize))
	}
	if c.MaxFiles <= 0 {
		return egg.InvalidConfig("MaxFiles", fmt.Sprintf("must be at least 1, e.g. %d", DefaultMaxFiles))
	}
	if c.MaxDays < 0 {
		return egg.InvalidConfig("MaxDays", "must be 0 (keep every rotated file) or a number of days, e.g. 31")
	}
	if c.HourDelimiter == "" || strings.ContainsAny(c.HourDelimiter, `/\.`) {
		return egg.InvalidConfig("HourDelimiter", `must be a non-empty string without "/", "\" or ".", e.g. "-"`)
	}
	for _, n := range c.FilesRotateByHour {
		if slices.Contains(c.FilesRotateBySize, n) {
			return egg.InvalidConfig("FilesRotateByHour", fmt.Sprintf("%q is also in FilesRotateBySize; list each file in one of them", n))
		}
	}
	return nil
}

// RuleFor returns the rotation rule of the log file at path for app:
// hourly or by size when one of the lists names it, daily otherwise.
func (c Config) RuleFor(path, app string) Rule {
	r := Rule{Every: Daily, MaxSize: c.MaxFileSize, MaxFiles: c.MaxFiles, MaxDays: c.MaxDays, HourDelimiter: c.HourDelimiter}
	switch {
	case listed(c.FilesRotateByHour, path, app):
		r.Every = Hourly
	case listed(c.FilesRotateBySize, path, app):
		r.Every = BySize
	}
	return r
}

// listed reports whether names holds path, by full path or base name,
// with "{app}" replaced by the app name.
func listed(names []string, path, app string) bool {
	for _, n := range names {
		n = strings.ReplaceAll(strings.TrimSpace(n), "{app}", app)
		if n == path || n == filepath.Base(path) {
			return true
		}
	}
	return false
}
