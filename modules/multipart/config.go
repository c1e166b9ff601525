package multipart

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Egg's default limits (egg-multipart's config.default.js).
const (
	DefaultFileSize      = 10 << 20  // '10mb'
	DefaultFiles         = 10        // files
	DefaultFields        = 10        // fields
	DefaultFieldSize     = 100 << 10 // '100kb'
	DefaultFieldNameSize = 100       // fieldNameSize
)

// AnyExtension in a whitelist allows every file name.
const AnyExtension = "*"

// DefaultWhitelist returns egg-multipart's default extension whitelist:
// images (.jpg .jpeg .png .gif .bmp .wbmp .webp .tif .psd), text (.svg .js
// .jsx .json .css .less .html .htm .xml), archives (.zip .gz .tgz .gzip)
// and media (.mp3 .mp4 .avi). Note that it has no .txt, .pdf or .doc:
// add those with Config.FileExtensions.
func DefaultWhitelist() []string {
	return []string{
		".jpg", ".jpeg", ".png", ".gif", ".bmp", ".wbmp", ".webp", ".tif", ".psd",
		".svg", ".js", ".jsx", ".json", ".css", ".less", ".html", ".htm", ".xml",
		".zip", ".gz", ".tgz", ".gzip",
		".mp3", ".mp4", ".avi",
	}
}

// Config holds the limits every multipart read applies; Limits overrides
// them per route or per call. Env prefix MULTIPART_.
type Config struct {
	// FileSize is the largest file accepted, in bytes; one byte more is a
	// 413 (never a silently truncated file). Default 10 MiB (Egg's '10mb').
	FileSize int64 `env:"FILE_SIZE"`
	// Files is the most file parts a request may carry; one more is a 413.
	// A file input left empty still counts, as in Egg. Default 10.
	Files int `env:"FILES"`
	// Fields is the most non-file fields a request may carry; one more is
	// a 413. Default 10.
	Fields int `env:"FIELDS"`
	// FieldSize is the largest field value, in bytes; larger is a 413.
	// Default 100 KiB (Egg's '100kb').
	FieldSize int64 `env:"FIELD_SIZE"`
	// FieldNameSize is the longest field name, in bytes; longer is a 413
	// (Egg's busboy truncated it silently). Default 100.
	FieldNameSize int `env:"FIELD_NAME_SIZE"`
	// Whitelist lists the file extensions accepted (".png"; case does not
	// matter, the dot is optional; "" accepts names without an extension,
	// "*" accepts everything). A file with another extension is a 400.
	// Default nil: DefaultWhitelist plus FileExtensions (Egg's whitelist
	// null). Setting it replaces both. Env MULTIPART_WHITELIST (comma list).
	Whitelist []string `env:"WHITELIST"`
	// FileExtensions adds extensions to DefaultWhitelist, e.g. ".txt",
	// ".pdf"; ignored when Whitelist is set (Egg's fileExtensions).
	FileExtensions []string `env:"FILE_EXTENSIONS"`
	// TempDir holds the files that Save writes, one sub-directory per
	// request, removed when the request ends. Default "" means
	// <os.TempDir()>/egg-multipart-tmp/<app name> (Egg's tmpdir).
	TempDir string `env:"TEMP_DIR"`
}

// DefaultConfig returns Egg's defaults: 10 MiB per file, 10 files, 10
// fields of at most 100 KiB, names of at most 100 bytes, Egg's extension
// whitelist.
func DefaultConfig() Config {
	return Config{
		FileSize:      DefaultFileSize,
		Files:         DefaultFiles,
		Fields:        DefaultFields,
		FieldSize:     DefaultFieldSize,
		FieldNameSize: DefaultFieldNameSize,
	}
}

// Validate reports limits out of range and malformed extensions, each
// error naming the field, its env var, the value and the fix.
func (c *Config) Validate() error {
	var errs []error
	if c.FileSize <= 0 {
		errs = append(errs, fmt.Errorf("multipart: FileSize (MULTIPART_FILE_SIZE) is %d; set a positive number of bytes, e.g. %d (10 MiB)", c.FileSize, DefaultFileSize))
	}
	if c.FieldSize <= 0 {
		errs = append(errs, fmt.Errorf("multipart: FieldSize (MULTIPART_FIELD_SIZE) is %d; set a positive number of bytes, e.g. %d (100 KiB)", c.FieldSize, DefaultFieldSize))
	}
	if c.FieldNameSize <= 0 {
		errs = append(errs, fmt.Errorf("multipart: FieldNameSize (MULTIPART_FIELD_NAME_SIZE) is %d; set a positive number of bytes, e.g. %d", c.FieldNameSize, DefaultFieldNameSize))
	}
	if c.Files < 0 {
		errs = append(errs, fmt.Errorf("multipart: Files (MULTIPART_FILES) is %d; set 0 (no files) or more, e.g. %d", c.Files, DefaultFiles))
	}
	if c.Fields < 0 {
		errs = append(errs, fmt.Errorf("multipart: Fields (MULTIPART_FIELDS) is %d; set 0 (no fields) or more, e.g. %d", c.Fields, DefaultFields))
	}
	for _, list := range []struct {
		name, env string
		exts      []string
	}{{"Whitelist", "MULTIPART_WHITELIST", c.Whitelist}, {"FileExtensions", "MULTIPART_FILE_EXTENSIONS", c.FileExtensions}} {
		for _, e := range list.exts {
			if err := checkExtension(e); err != nil {
				errs = append(errs, fmt.Errorf("multipart: %s (%s) has %q: %v", list.name, list.env, e, err))
			}
		}
	}
	return errors.Join(errs...)
}

// checkExtension refuses entries that cannot be a file extension.
func checkExtension(e string) error {
	if e == AnyExtension || e == "" {
		return nil
	}
	if strings.ContainsAny(strings.TrimPrefix(e, "."), "./\\*") {
		return errors.New(`write one extension such as ".png" (or "*" for any, "" for none)`)
	}
	return nil
}

// normExtension is e lower-cased with a leading dot ("PNG" → ".png").
func normExtension(e string) string {
	e = strings.ToLower(strings.TrimSpace(e))
	if e == "" || e == AnyExtension || strings.HasPrefix(e, ".") {
		return e
	}
	return "." + e
}

// Limits overrides the config's limits for one route (WithLimits) or one
// call (Parts, Save, Parser.NewReader). A zero field keeps the value it
// overrides; a non-nil Whitelist replaces the whitelist (an empty one
// refuses every file).
type Limits struct {
	FileSize      int64    // bytes per file
	Files         int      // file parts
	Fields        int      // non-file fields
	FieldSize     int64    // bytes per field value
	FieldNameSize int      // bytes per field name
	Whitelist     []string // accepted extensions, as Config.Whitelist
}

// settings are limits ready for use: every value set, extensions
// normalized.
type settings struct {
	fileSize, fieldSize int64
	files, fields       int
	fieldNameSize       int
	anyExt              bool
	exts                []string // normalized, sorted
}

func newSettings(c Config) settings {
	s := settings{fileSize: c.FileSize, fieldSize: c.FieldSize, files: c.Files, fields: c.Fields, fieldNameSize: c.FieldNameSize}
	list := c.Whitelist
	if list == nil {
		list = append(DefaultWhitelist(), c.FileExtensions...)
	}
	s.setWhitelist(list)
	return s
}

func (s *settings) setWhitelist(list []string) {
	s.anyExt, s.exts = false, nil
	for _, e := range list {
		e = normExtension(e)
		if e == AnyExtension {
			s.anyExt = true
		}
		if !slices.Contains(s.exts, e) {
			s.exts = append(s.exts, e)
		}
	}
	slices.Sort(s.exts)
}

// with applies overrides in order, later ones winning.
func (s settings) with(overrides []Limits) settings {
	for _, l := range overrides {
		if l.FileSize > 0 {
			s.fileSize = l.FileSize
		}
		if l.Files > 0 {
			s.files = l.Files
		}
		if l.Fields > 0 {
			s.fields = l.Fields
		}
		if l.FieldSize > 0 {
			s.fieldSize = l.FieldSize
		}
		if l.FieldNameSize > 0 {
			s.fieldNameSize = l.FieldNameSize
		}
		if l.Whitelist != nil {
			s.setWhitelist(l.Whitelist)
		}
	}
	return s
}

// allows reports whether a file name's extension is whitelisted.
func (s *settings) allows(ext string) bool {
	if s.anyExt {
		return true
	}
	_, found := slices.BinarySearch(s.exts, ext)
	return found
}

// partOverhead is what the body limit allows per part beyond its content:
// the boundary line and the part's headers.
const partOverhead = 16 << 10

// maxBody is the largest body the limits can produce: every file and
// field at its size limit plus room for headers. Bodies larger than that
// are refused before parsing (Content-Length) or while reading.
func (s *settings) maxBody() int64 {
	parts := int64(s.files) + int64(s.fields) + 1
	return satAdd(satAdd(satMul(int64(s.files), s.fileSize), satMul(int64(s.fields), s.fieldSize)), satMul(parts, partOverhead))
}

// satMul and satAdd work on non-negative values and stop at MaxInt64
// instead of overflowing.
func satMul(a, b int64) int64 {
	if a != 0 && b > math.MaxInt64/a {
		return math.MaxInt64
	}
	return a * b
}

func satAdd(a, b int64) int64 {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}
