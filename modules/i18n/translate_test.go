package i18n_test

import (
	"net/http"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/i18n"
)

// TestT: messages by id from each file format, template args, nested
// ids, fallback to the default locale and ids shown for missing ones.
func TestT(t *testing.T) {
	a := newApp(t)
	for _, tc := range []struct{ locale, id, name, want string }{
		{"en-US", "hello", "", "Hello"},
		{"zh-CN", "hello", "", "你好"}, // TOML
		{"ja", "hello", "", "こんにちは"}, // YAML
		{"en-US", "greeting", "Ann", "Hello Ann"},
		{"zh-CN", "greeting", "安", "你好，安"},
		{"ja", "greeting", "Ann", "こんにちは、Ann"},
		{"en-US", "nav.home", "", "Home"},           // nested JSON object
		{"zh-CN", "nav.home", "", "首页"},             // TOML table
		{"zh-CN", "only_en", "", "Only in English"}, // fallback to en-US
		{"ja", "nav.home", "", "Home"},
		{"en-US", "no.such.id", "", "no.such.id"},
		{"zh-CN", "no.such.id", "", "no.such.id"},
		{"en-US", "greeting", "<b>", "Hello <b>"}, // text, not HTML: escaping is the view's job
	} {
		a.GET("/t").Query("locale", tc.locale).Query("id", tc.id).Query("name", tc.name).Do().
			Status(http.StatusOK).BodyEquals(tc.want)
	}
}

// TestPlural: CLDR plural forms in English (one/other), Chinese and
// Japanese (other only), with extra args, decimal counts, and a bad count
// shown as the id.
func TestPlural(t *testing.T) {
	a := newApp(t)
	for _, tc := range []struct{ locale, id, n, name, want string }{
		{"en-US", "apples", "0", "", "0 apples"},
		{"en-US", "apples", "1", "", "1 apple"},
		{"en-US", "apples", "2", "", "2 apples"},
		{"en-US", "apples", "21", "", "21 apples"},
		{"en-US", "apples", "1.5", "", "1.5 apples"},
		{"en-US", "apples", "1.0", "", "1.0 apples"}, // CLDR: visible decimals are "other" in English
		{"zh-CN", "apples", "1", "", "1 个苹果"},
		{"zh-CN", "apples", "5", "", "5 个苹果"},
		{"ja", "apples", "1", "", "りんご 1 個"},
		{"en-US", "basket", "1", "Ann", "Ann has 1 apple"},
		{"en-US", "basket", "3", "Ann", "Ann has 3 apples"},
		{"zh-CN", "basket", "3", "安", "安有 3 个苹果"},
		{"ja", "basket", "1", "Ann", "Ann has 1 apple"}, // ja lacks it: en-US's, with en-US's rules
		{"en-US", "apples", "many", "", "apples"},       // not a number: the id
		{"en-US", "nope", "1", "", "nope"},
	} {
		a.GET("/plural").Query("locale", tc.locale).Query("id", tc.id).Query("n", tc.n).Query("name", tc.name).Do().
			Status(http.StatusOK).BodyEquals(tc.want)
	}
	if countLines(a, "message failed", "id=apples") != 1 {
		t.Errorf("a bad plural count should be logged once:\n%q", a.Logs())
	}
}

// TestGettext: Egg's __ with fmt verbs, and the id itself when no file
// has it.
func TestGettext(t *testing.T) {
	a := newApp(t)
	for _, tc := range []struct{ locale, text, arg, want string }{
		{"en-US", "Hello %s", "Ann", "Hello Ann"},
		{"zh-CN", "Hello %s", "安", "你好，安"},
		{"ja", "Hello %s", "Ann", "Hello Ann"},    // ja lacks it: en-US's
		{"zh-CN", "Bye %s", "安", "Bye 安"},         // no file has it: the text
		{"zh-CN", "greeting", "", "你好，{{.Name}}"}, // as written: no template run
	} {
		req := a.GET("/gettext").Query("locale", tc.locale).Query("text", tc.text)
		if tc.arg != "" {
			req.Query("arg", tc.arg)
		}
		req.Do().Status(http.StatusOK).BodyEquals(tc.want)
	}
}

// TestArgsForms: T's args as pairs, a map and a struct; Plural's count
// beside them; Gettext's {name} and {0} forms.
func TestArgsForms(t *testing.T) {
	type person struct{ Name string }
	got := map[string]string{}
	a := newApp(t, egg.Routes(func(r *egg.Router) {
		r.Get("/forms", func(c *egg.Ctx) error {
			got["pairs"] = i18n.T(c, "greeting", "Name", "Ann")
			got["map"] = i18n.T(c, "greeting", map[string]any{"Name": "Bob"})
			got["struct"] = i18n.T(c, "greeting", person{"Cy"})
			got["odd"] = i18n.T(c, "greeting", "Name", "Ann", "Extra")
			got["string data"] = i18n.T(c, "greeting", "Name")
			got["none"] = i18n.T(c, "greeting")
			got["plural map"] = i18n.Plural(c, "basket", 2, map[string]any{"Name": "Di"})
			got["plural count arg"] = i18n.Plural(c, "apples", 1, "Count", "one")
			got["named"] = i18n.Gettext(c, "Hi {name}, you have {count} new messages", map[string]any{"name": "Ed", "count": 3})
			got["named strings"] = i18n.Gettext(c, "Hi {name}, you have {count} new messages", map[string]string{"name": "Ed"})
			got["indexed"] = i18n.Gettext(c, "{0} and {1}", []any{"x", 2})
			return c.Text(http.StatusOK, "ok")
		})
	}))
	a.GET("/forms").Query("locale", "zh-CN").Do().Status(http.StatusOK)
	for k, want := range map[string]string{
		"pairs":            "你好，Ann",
		"map":              "你好，Bob",
		"struct":           "你好，Cy",
		"odd":              "你好，Ann",
		"string data":      "greeting", // one value is the data: a string has no .Name
		"none":             "你好，<no value>",
		"plural map":       "Di有 2 个苹果",
		"plural count arg": "one 个苹果",
		"named":            "Ed，你有 3 条新消息",
		"named strings":    "Ed，你有 {count} 条新消息",
		"indexed":          "x and 2",
	} {
		if got[k] != want {
			t.Errorf("%s: got %q, want %q", k, got[k], want)
		}
	}
}

// TestWithoutModule: the request-time API degrades to ids when the app
// lacks the module (egg.Disable("i18n")), instead of failing requests.
func TestWithoutModule(t *testing.T) {
	a := newApp(t, egg.Disable(i18n.Name))
	a.GET("/t").Query("id", "hello").Do().Status(http.StatusOK).BodyEquals("hello")
	a.GET("/locale").Do().Status(http.StatusOK).BodyEquals("")
	a.GET("/gettext").Query("text", "Hello %s").Query("arg", "Ann").Do().BodyEquals("Hello Ann")
	a.GET("/plural").Query("id", "apples").Query("n", "2").Do().BodyEquals("apples")
	for _, m := range a.Middleware() {
		if m == i18n.Name {
			t.Errorf("middleware %q in the chain of an app without the module: %v", m, a.Middleware())
		}
	}
}

// TestAnonymousContext: outside a request (App.NewContext) the locale is
// the default one.
func TestAnonymousContext(t *testing.T) {
	a := newApp(t, egg.Configure(func(c *i18n.Config) { c.DefaultLocale = "zh_CN" }))
	c := a.NewContext(t.Context())
	if got := i18n.Locale(c); got != "zh-CN" {
		t.Errorf("Locale = %q, want zh-CN", got)
	}
	if got := i18n.T(c, "hello"); got != "你好" {
		t.Errorf("T = %q, want 你好", got)
	}
}
