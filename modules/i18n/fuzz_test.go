package i18n_test

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/i18n"
)

// FuzzLocale: whatever a client puts in the query field, the cookie and
// Accept-Language, the request is answered 200 with one of the app's
// locales, and an explicit app locale in the query always wins.
func FuzzLocale(f *testing.F) {
	for _, s := range [][3]string{
		{"zh_CN", "ja", "en-GB"}, {"", "zh-cn", ""}, {"", "", "zh-CN,zh;q=0.9,en;q=0.8"},
		{"x-klingon", "i-default", "*;q=0.5, en-US-u-rg-gbzzzz"}, {"zh-Hant-TW", "", "ja;q=abc"},
		{"%zz", "\"ja\"", ";;;,,,q=1"}, {"en-US-x-" + strings.Repeat("a", 8), "", "zh;q=0.0001, ja;q=0"},
	} {
		f.Add(s[0], s[1], s[2])
	}
	a := eggtest.New(f, i18n.Module, egg.BaseDir(testBaseDir), routes)
	locales := []string{"en-US", "ja", "zh-CN"}
	f.Fuzz(func(t *testing.T, query, cookie, accept string) {
		r := httptest.NewRequest(http.MethodGet, "/locale", nil)
		q := r.URL.Query()
		q.Set("locale", query)
		r.URL.RawQuery = q.Encode()
		r.Header.Set("Cookie", "locale="+cookie)
		r.Header.Set("Accept-Language", accept)
		w := httptest.NewRecorder()
		a.ServeHTTP(w, r)
		if w.Code != http.StatusOK || !slices.Contains(locales, w.Body.String()) {
			t.Fatalf("query %q cookie %q accept %q: %d %q", query, cookie, accept, w.Code, w.Body.String())
		}
		if slices.Contains(locales, query) && w.Body.String() != query {
			t.Fatalf("query %q lost to cookie %q / accept %q: got %q", query, cookie, accept, w.Body.String())
		}
	})
}

// FuzzLoad: any bytes in a message file of each format either load or
// stop start-up with an error naming the file; never a panic.
func FuzzLoad(f *testing.F) {
	f.Add("json", []byte(`{"hello": "Hello {{.Name}}", "n": {"one": "{{.Count}} x", "other": "{{.Count}} xs"}, "a": {"b": "c"}}`))
	f.Add("toml", []byte("hello = \"你好\"\n[apples]\nother = \"{{.Count}} 个\"\n"))
	f.Add("yaml", []byte("hello: こんにちは\napples:\n  other: \"{{.Count}}\"\n"))
	f.Add("yaml", []byte("- id: x\n  translation: y\n"))
	f.Add("json", []byte(`[{"id": "a", "other": "b"}]`))
	f.Add("toml", []byte(`a = 1`))
	f.Add("json", []byte(`{"x": {"leftDelim": "<<", "rightDelim": ">>", "other": "<<.Name>>"}}`))
	f.Fuzz(func(t *testing.T, format string, data []byte) {
		switch format {
		case "json", "toml", "yaml", "yml":
		default:
			return
		}
		name := "dir/zh-CN." + format
		fsys := fstest.MapFS{name: {Data: data}}
		tr, err := i18n.New(withFS(i18n.DefaultConfig(), fsys), nil, 0)
		if err != nil {
			if !strings.Contains(err.Error(), name) {
				t.Fatalf("error does not name %s: %v", name, err)
			}
			return
		}
		// whatever loaded must translate without panicking
		for _, id := range []string{"hello", "x", "a.b", "apples", ""} {
			tr.T("zh-CN", id, "Name", "n")
			tr.Plural("zh-CN", id, 2)
			tr.Gettext("zh-CN", id, "n")
		}
	})
}

func withFS(c i18n.Config, fsys fstest.MapFS) i18n.Config {
	c.FS = fsys
	return c
}
