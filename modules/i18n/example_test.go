package i18n_test

import (
	"context"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"testing/fstest"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/i18n"
)

// messages stand in for an embed.FS of config/locales.
var messages = fstest.MapFS{
	"en-US.json": {Data: []byte(`{"greeting": "Hello {{.Name}}", "apples": {"one": "{{.Count}} apple", "other": "{{.Count}} apples"}}`)},
	"zh-CN.toml": {Data: []byte("greeting = \"你好，{{.Name}}\"\n\"Bye %s\" = \"再见，%s\"\n[apples]\nother = \"{{.Count}} 个苹果\"\n")},
}

// A handler translates in the request's locale: query "locale", then the
// "locale" cookie, then Accept-Language, then en-US.
func Example() {
	app, _ := egg.New(i18n.Module, i18n.WithFS(messages), egg.Env("prod"), egg.LogOutput(io.Discard),
		egg.BaseDir(os.TempDir()),
		egg.Routes(func(r *egg.Router) {
			r.Get("/", func(c *egg.Ctx) error {
				return c.Text(http.StatusOK, i18n.Locale(c)+": "+i18n.T(c, "greeting", "Name", "Ann")+", "+
					i18n.Plural(c, "apples", 2)+", "+i18n.Gettext(c, "Bye %s", "Ann"))
			})
		}))
	_ = app.Start(context.Background())
	defer app.Stop(context.Background())

	for _, header := range []string{"", "zh-CN,zh;q=0.9,en;q=0.8", "zh-TW"} {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Header.Set("Accept-Language", header)
		w := httptest.NewRecorder()
		app.ServeHTTP(w, r)
		fmt.Println(w.Body.String())
	}
	w := httptest.NewRecorder()
	app.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/?locale=zh_CN", nil))
	ck := w.Result().Cookies()[0]
	fmt.Println(w.Body.String(), "| cookie", ck.Name, ck.Value, "max-age", ck.MaxAge)
	// Output:
	// en-US: Hello Ann, 2 apples, Bye Ann
	// zh-CN: 你好，Ann, 2 个苹果, 再见，Ann
	// zh-CN: 你好，Ann, 2 个苹果, 再见，Ann
	// zh-CN: 你好，Ann, 2 个苹果, 再见，Ann | cookie locale zh-CN max-age 31536000
}

// A Translator needs no request: for emails and schedules.
func ExampleTranslator() {
	tr, err := i18n.New(withFS(i18n.DefaultConfig(), messages), nil, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tr.Locales())
	fmt.Println(tr.T("zh_CN", "greeting", map[string]any{"Name": "Ann"}))
	fmt.Println(tr.Plural("en-US", "apples", 1))
	fmt.Println(tr.MatchAcceptLanguage("fr-CH, zh;q=0.8"))
	// Output:
	// [en-US zh-CN]
	// 你好，Ann
	// 1 apple
	// zh-CN
}

// Templates parse once with FuncMap(nil) and bind each request with
// FuncMap(c) on a clone.
func ExampleFuncMap() {
	page := template.Must(template.New("page").Funcs(i18n.FuncMap(nil)).
		Parse(`<p lang="{{locale}}">{{t "greeting" "Name" .}} · {{plural "apples" 1}} · {{__ "Bye %s" .}}</p>`))
	app, _ := egg.New(i18n.Module, i18n.WithFS(messages), egg.Env("prod"), egg.LogOutput(io.Discard),
		egg.BaseDir(os.TempDir()),
		egg.Routes(func(r *egg.Router) {
			r.Get("/", func(c *egg.Ctx) error {
				t := template.Must(page.Clone()).Funcs(i18n.FuncMap(c))
				return t.Execute(c.Response(), "<Ann>")
			})
		}))
	_ = app.Start(context.Background())
	defer app.Stop(context.Background())

	w := httptest.NewRecorder()
	app.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/?locale=zh-CN", nil))
	fmt.Println(w.Body.String())
	// Output:
	// <p lang="zh-CN">你好，&lt;Ann&gt; · 1 个苹果 · 再见，&lt;Ann&gt;</p>
}
