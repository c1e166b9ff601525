package i18n_test

import (
	"html/template"
	"net/http"
	"strings"
	"testing"
	"testing/fstest"
	texttemplate "text/template"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/i18n"
	"github.com/egg-go/egg/modules/view"
)

const page = `<html lang="{{locale}}"><p>{{__ "Hello %s" .Name}}</p><p>{{t "greeting" "Name" .Name}}</p>` +
	`<p>{{plural "apples" .N}}</p><p>{{plural "basket" 1 "Name" .Name}}</p><p>{{t "nav.home"}}</p></html>`

// TestFuncMap: templates parsed once with FuncMap(nil), bound per request,
// translate in the request's locale, escaped by html/template.
func TestFuncMap(t *testing.T) {
	base := template.Must(template.New("page").Funcs(i18n.FuncMap(nil)).Parse(page))
	a := newApp(t, egg.Routes(func(r *egg.Router) {
		r.Get("/page", func(c *egg.Ctx) error {
			tpl := template.Must(base.Clone()).Funcs(i18n.FuncMap(c))
			var b strings.Builder
			if err := tpl.Execute(&b, map[string]any{"Name": "<Ann>", "N": 3}); err != nil {
				return err
			}
			return c.HTML(http.StatusOK, b.String())
		})
	}))
	a.GET("/page").Header("Accept-Language", "zh-CN").Do().Status(http.StatusOK).BodyEquals(
		`<html lang="zh-CN"><p>你好，&lt;Ann&gt;</p><p>你好，&lt;Ann&gt;</p><p>3 个苹果</p><p>&lt;Ann&gt;有 1 个苹果</p><p>首页</p></html>`)
	a.GET("/page").Do().BodyEquals(
		`<html lang="en-US"><p>Hello &lt;Ann&gt;</p><p>Hello &lt;Ann&gt;</p><p>3 apples</p><p>&lt;Ann&gt; has 1 apple</p><p>Home</p></html>`)

	// unbound: ids, formatted; no locale
	var b strings.Builder
	if err := base.Execute(&b, map[string]any{"Name": "Ann", "N": 3}); err != nil {
		t.Fatal(err)
	}
	if want := `<html lang=""><p>Hello Ann</p><p>greeting</p><p>apples</p><p>basket</p><p>nav.home</p></html>`; b.String() != want {
		t.Errorf("FuncMap(nil) rendered %q, want %q", b.String(), want)
	}
}

// TestTranslatorFuncMap: the translator's FuncMap serves text/template
// outside requests (an email).
func TestTranslatorFuncMap(t *testing.T) {
	tr, err := i18n.New(withDir(i18n.DefaultConfig(), testBaseDir+"/config/locales"), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	tpl := texttemplate.Must(texttemplate.New("mail").Funcs(tr.FuncMap("zh_CN")).Parse(`{{locale}}: {{t "greeting" "Name" .}}, {{plural "apples" 1}}`))
	var b strings.Builder
	if err := tpl.Execute(&b, "Ann"); err != nil {
		t.Fatal(err)
	}
	if want := "zh-CN: 你好，Ann, 1 个苹果"; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}

func withDir(c i18n.Config, dir string) i18n.Config {
	c.Dir = dir
	return c
}

// TestViewHelpers: the same page rendered by the view module, whose
// templates get Module's helpers (__, t, plural, locale), compiled and
// with html/template alike.
func TestViewHelpers(t *testing.T) {
	views := fstest.MapFS{"app/view/page.html": {Data: []byte(page)}}
	for _, compile := range []bool{true, false} {
		a := newApp(t, view.Module,
			egg.Configure(func(c *view.Config) { c.FS, c.CompileHTML = views, compile }),
			egg.Routes(func(r *egg.Router) {
				r.Get("/view", func(c *egg.Ctx) error {
					return view.Render(c, "page", map[string]any{"Name": "<Ann>", "N": 3})
				})
			}))
		a.GET("/view").Header("Accept-Language", "zh-CN").Do().Status(http.StatusOK).BodyEquals(
			`<html lang="zh-CN"><p>你好，&lt;Ann&gt;</p><p>你好，&lt;Ann&gt;</p><p>3 个苹果</p><p>&lt;Ann&gt;有 1 个苹果</p><p>首页</p></html>`)
		a.GET("/view").Query("locale", "ja").Do().BodyEquals(
			`<html lang="ja"><p>Hello &lt;Ann&gt;</p><p>こんにちは、&lt;Ann&gt;</p><p>りんご 3 個</p><p>&lt;Ann&gt; has 1 apple</p><p>Home</p></html>`)
	}
}
