package i18n_test

import (
	"embed"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/i18n"
)

//go:embed testdata/app/config/locales
var embedded embed.FS

// TestFSSource: messages from an fs.FS (a map, and an embed.FS whose files
// sit under directories) instead of the base dir, which then needs no
// config/locales at all.
func TestFSSource(t *testing.T) {
	mapFS := fstest.MapFS{
		"en-US.json":               {Data: []byte(`{"hello": "Hello from FS"}`)},
		"sub/active.zh-CN.json":    {Data: []byte(`{"hello": "你好 FS"}`)},
		"notes.txt":                {Data: []byte("not a message file")},
		".hidden/broken.json":      {Data: []byte("{")},
		"fr-FR.yml":                {Data: []byte("hello: Bonjour FS\n")},
		"de.toml":                  {Data: []byte(`hello = "Hallo FS"`)},
		"pt-BR.JSON":               {Data: []byte(`{"hello": "Olá FS"}`)},
		"empty/zh-CN.messages.txt": {Data: []byte("ignored")},
	}
	a := eggtest.New(t, i18n.Module, egg.BaseDir(t.TempDir()), routes, i18n.WithFS(mapFS))
	for loc, want := range map[string]string{"en-US": "Hello from FS", "zh-CN": "你好 FS", "fr": "Bonjour FS", "de-DE": "Hallo FS", "pt": "Olá FS"} {
		a.GET("/t").Query("locale", loc).Query("id", "hello").Do().Status(http.StatusOK).BodyEquals(want)
	}

	b := eggtest.New(t, i18n.Module, egg.BaseDir(t.TempDir()), routes, i18n.WithFS(embedded))
	b.GET("/t").Query("locale", "zh-CN").Query("id", "hello").Do().BodyEquals("你好")
	b.GET("/t").Query("locale", "ja").Query("id", "hello").Do().BodyEquals("こんにちは")
	b.GET("/plural").Query("id", "apples").Query("n", "1").Do().BodyEquals("1 apple")
}

// TestNoLocalesDir: an app without config/locales starts; every message
// shows its id.
func TestNoLocalesDir(t *testing.T) {
	a := eggtest.New(t, i18n.Module, egg.BaseDir(t.TempDir()), routes)
	a.GET("/t").Query("id", "hello").Do().Status(http.StatusOK).BodyEquals("hello")
	a.GET("/locale").Header("Accept-Language", "zh").Do().BodyEquals("en-US")
}

// TestBadFilesFailStart: every kind of broken message file stops the app
// at start-up with an error that names the file and what to fix.
func TestBadFilesFailStart(t *testing.T) {
	for _, tc := range []struct {
		name, file, data string
		want             []string
	}{
		{"bad JSON", "zh-CN.json", `{"hello": "你好",}`, []string{"zh-CN.json", "not valid JSON"}},
		{"bad TOML", "zh-CN.toml", "hello = \"unterminated\n", []string{"zh-CN.toml", "not valid TOML"}},
		{"bad YAML", "ja.yaml", "hello: [unclosed\n", []string{"ja.yaml", "not valid YAML"}},
		{"not an object", "en-US.json", `"just a string"`, []string{"en-US.json", "does not hold messages"}},
		{"number message", "en-US.json", `{"count": 5}`, []string{"en-US.json", "does not hold messages"}},
		{"list of numbers", "en-US.yaml", "- 1\n- 2\n", []string{"en-US.yaml", "does not hold messages"}},
		{"name is no locale", "messages.json", `{"hello": "Hello"}`, []string{"messages.json", `"messages"`, "name message files by locale"}},
		{"bad template", "en-US.json", `{"greeting": "Hello {{.Name"}`, []string{"en-US.json", `message "greeting"`, "template syntax"}},
		{"bad plural template", "en-US.json", `{"n": {"one": "{{.Count}", "other": "x"}}`, []string{"en-US.json", `message "n"`, `"one"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			locales := filepath.Join(dir, "config", "locales")
			if err := os.MkdirAll(locales, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(locales, tc.file), []byte(tc.data), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := eggtest.Start(t, i18n.Module, egg.BaseDir(dir))
			if err == nil {
				t.Fatal("the app started with a broken message file")
			}
			for _, w := range append(tc.want, "i18n") {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not mention %q:\n%v", w, err)
				}
			}
			// the same file from an FS
			_, err = eggtest.Start(t, i18n.Module, egg.BaseDir(dir), i18n.WithFS(fstest.MapFS{"x/" + tc.file: {Data: []byte(tc.data)}}))
			if err == nil || !strings.Contains(err.Error(), "x/"+tc.file) {
				t.Errorf("from an FS: error %v does not name x/%s", err, tc.file)
			}
		})
	}
}

// TestDirIsAFile: Dir naming a file is a start-up error naming the
// setting.
func TestDirIsAFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "locales"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := eggtest.Start(t, i18n.Module, egg.BaseDir(dir), egg.Configure(func(c *i18n.Config) { c.Dir = "locales" }))
	if err == nil || !strings.Contains(err.Error(), "I18N_DIR") || !strings.Contains(err.Error(), "is a file") {
		t.Errorf("err = %v", err)
	}
}

// TestLaterFileWins: two files of one locale merge; for an id in both,
// the later file in name order wins.
func TestLaterFileWins(t *testing.T) {
	fsys := fstest.MapFS{
		"a.en-US.json": {Data: []byte(`{"hello": "first", "only_a": "A"}`)},
		"b.en_US.toml": {Data: []byte(`hello = "second"`)}, // Egg's spelling in a file name
	}
	a := eggtest.New(t, i18n.Module, egg.BaseDir(t.TempDir()), routes, i18n.WithFS(fsys))
	a.GET("/t").Query("id", "hello").Do().BodyEquals("second")
	a.GET("/t").Query("id", "only_a").Do().BodyEquals("A")
}
