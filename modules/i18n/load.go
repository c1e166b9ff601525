package i18n

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"text/template"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"
)

// unmarshaler returns the decoder of a message file format, by the file's
// extension in lower case without the dot: json, toml, yaml or yml. Files
// with any other extension (README.md, .DS_Store) are not message files.
func unmarshaler(format string) goi18n.UnmarshalFunc {
	switch format {
	case "json":
		return json.Unmarshal
	case "toml":
		return toml.Unmarshal
	case "yaml", "yml":
		return yaml.Unmarshal
	}
	return nil
}

// formatOf is a file name's extension in lower case, without the dot.
func formatOf(name string) string {
	return strings.ToLower(strings.TrimPrefix(path.Ext(name), "."))
}

// parseLocale parses a locale in any spelling Egg users write (en-US,
// en_US, EN-us) into its tag; "und" and "" are not locales.
func parseLocale(s string) (language.Tag, error) {
	if s == "" {
		return language.Und, errors.New("empty locale")
	}
	t, err := language.Parse(s)
	if err != nil {
		return language.Und, err
	}
	if t == language.Und {
		return language.Und, fmt.Errorf("%q is not a locale", s)
	}
	return t, nil
}

// catalog is what the message files hold: messages by locale and id, in
// file order (a later file replaces an earlier one's message).
type catalog struct {
	files    int
	tags     []language.Tag // in order of first appearance
	messages map[language.Tag]map[string]*goi18n.Message
}

// source names where the files were read from, for messages.
func source(cfg Config) string {
	if cfg.FS != nil {
		return "the i18n FS"
	}
	return cfg.Dir
}

// loadCatalog reads every message file of cfg.FS, or of cfg.Dir (a
// missing directory is an empty catalog). An unreadable or malformed file
// is an error naming the file and what to fix.
func loadCatalog(cfg Config) (*catalog, error) {
	fsys := cfg.FS
	if fsys == nil {
		st, err := os.Stat(cfg.Dir)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return &catalog{messages: map[language.Tag]map[string]*goi18n.Message{}}, nil
		case err != nil:
			return nil, fmt.Errorf("i18n: cannot read the locales directory %s: %w", cfg.Dir, err)
		case !st.IsDir():
			return nil, fmt.Errorf("i18n: Dir (I18N_DIR) %s is a file, not a directory; point it at the directory of the message files", cfg.Dir)
		}
		fsys = os.DirFS(cfg.Dir)
	}
	var names []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() || d.Type()&fs.ModeSymlink != 0 {
			if unmarshaler(formatOf(p)) != nil {
				names = append(names, p)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("i18n: cannot list the message files in %s: %w", source(cfg), err)
	}
	slices.Sort(names)
	cat := &catalog{messages: map[language.Tag]map[string]*goi18n.Message{}}
	for _, name := range names {
		display := name
		if cfg.FS == nil {
			display = path.Join(cfg.Dir, name)
		}
		buf, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("i18n: cannot read the message file %s: %w", display, err)
		}
		if err := cat.add(display, name, buf); err != nil {
			return nil, err
		}
	}
	return cat, nil
}

// add parses one file. Its locale is the part of the base name before the
// extension, after any "name." prefix (go-i18n's convention): en-US.json,
// zh_CN.toml, active.zh-CN.yaml.
func (cat *catalog) add(display, name string, buf []byte) error {
	base := path.Base(name)
	format := formatOf(base)
	stem := strings.TrimSuffix(base, path.Ext(base))
	loc := stem
	if i := strings.LastIndexByte(stem, '.'); i >= 0 {
		loc = stem[i+1:]
	}
	tag, err := parseLocale(loc)
	if err != nil {
		return fmt.Errorf("i18n: message file %s: %q in its name is not a locale; name message files by locale, e.g. en-US.json, zh-CN.toml or active.zh-CN.yaml", display, loc)
	}
	unmarshal := unmarshaler(format)
	var syntax any
	if err := unmarshal(buf, &syntax); err != nil {
		return fmt.Errorf("i18n: message file %s is not valid %s: %v; fix its syntax", display, strings.ToUpper(format), err)
	}
	// go-i18n takes the locale and format from the path it is given
	mf, err := goi18n.ParseMessageFileBytes(buf, tag.String()+"."+format, map[string]goi18n.UnmarshalFunc{format: unmarshal})
	if err != nil {
		return fmt.Errorf("i18n: message file %s does not hold messages: %v; write \"id\": \"text\" or \"id\": {\"one\": \"...\", \"other\": \"...\"}, nested objects for dotted ids",
			display, err)
	}
	for _, m := range mf.Messages {
		if err := checkTemplates(m); err != nil {
			return fmt.Errorf("i18n: message file %s: message %q: %v; fix the {{...}} template syntax", display, m.ID, err)
		}
	}
	byID := cat.messages[tag]
	if byID == nil {
		byID = map[string]*goi18n.Message{}
		cat.messages[tag] = byID
		cat.tags = append(cat.tags, tag)
	}
	for _, m := range mf.Messages {
		byID[m.ID] = m
	}
	cat.files++
	return nil
}

// checkTemplates parses each plural form of m as go-i18n will, so that a
// broken template fails start-up instead of a request.
func checkTemplates(m *goi18n.Message) error {
	left, right := m.LeftDelim, m.RightDelim
	if left == "" {
		left = "{{"
	}
	if right == "" {
		right = "}}"
	}
	for _, f := range []struct{ name, src string }{
		{"zero", m.Zero}, {"one", m.One}, {"two", m.Two}, {"few", m.Few}, {"many", m.Many}, {"other", m.Other},
	} {
		if !strings.Contains(f.src, left) {
			continue
		}
		if _, err := template.New(f.name).Delims(left, right).Parse(f.src); err != nil {
			return fmt.Errorf("plural form %q: %v", f.name, err)
		}
	}
	return nil
}

// dynamic reports whether T must run m through go-i18n: its "other" form
// has template actions, or it has none at all.
func dynamic(m *goi18n.Message) bool {
	left := m.LeftDelim
	if left == "" {
		left = "{{"
	}
	return m.Other == "" || strings.Contains(m.Other, left)
}
