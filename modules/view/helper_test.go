package view_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/view"
	"go.uber.org/fx"
	"testing/fstest"
)

// token stands in for security.CSRFToken: a value of the request.
func token(c *egg.Ctx) string { return "tok-" + c.Request().Header.Get("X-Who") }

// translate stands in for i18n.T: a function of the request with
// arguments.
func translate(c *egg.Ctx, id string, args ...any) string {
	if c.Query("locale") == "zh-CN" && id == "Hello, %s" {
		id = "你好，%s"
	}
	return fmt.Sprintf(id, args...)
}

// Greeter is a service a helper constructor depends on.
type Greeter struct{ Word string }

// helpersFS is a page that calls every kind of helper.
var helpersFS = fstest.MapFS{
	"app/view/helpers.html": {Data: []byte(
		`csrf={{ csrfToken }} nonce={{ cspNonce }} t={{ __ "Hello, %s" .Name }} ` +
			`money={{ money 1999 }} greet={{ greet }} path={{ pathFor "user" "id" 3 "tab" "a b" }} ` +
			`url={{ urlFor "user" "id" 3 }} who={{ who }}`)},
}

func helperApp(t *testing.T, extra ...fx.Option) *eggtest.App {
	opts := appOpts(t,
		egg.Configure(func(c *view.Config) { c.FS = helpersFS }),
		egg.Module("security-like",
			view.AddHelper(view.Func("csrfToken", token)),
			view.AddHelper(view.Func("cspNonce", func(c *egg.Ctx) string { return "n0nce" })),
		),
		egg.Module("i18n-like", view.AddHelper(view.FuncArgs("__", translate))),
		view.AddHelper([]view.Helper{
			view.Static("money", func(cents int) string { return fmt.Sprintf("$%d.%02d", cents/100, cents%100) }),
			view.Func("who", func(c *egg.Ctx) string { return c.Request().Header.Get("X-Who") }),
		}),
		fx.Supply(&Greeter{Word: "howdy"}),
		view.AddHelper(func(g *Greeter) view.Helper {
			return view.Static("greet", func() string { return g.Word })
		}),
	)
	return eggtest.New(t, append(opts, extra...)...)
}

func TestEveryHelperIsAvailable(t *testing.T) {
	app := helperApp(t)
	app.GET("/render/helpers").Query("name", "Ada").Header("X-Who", "ada").Do().Status(200).
		BodyEquals(`csrf=tok-ada nonce=n0nce t=Hello, Ada money=$19.99 greet=howdy ` +
			`path=/users/3?tab=a%20b url=http://example.com/users/3 who=ada`)
	app.GET("/render/helpers").Query("name", "Ada").Query("locale", "zh-CN").Do().Status(200).
		BodyContains("t=你好，Ada")
}

// Each render's helpers see its own request, however many run at once on
// the pooled template clones.
func TestHelpersSeeTheirOwnRequestConcurrently(t *testing.T) {
	app := helperApp(t)
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 25 {
				who := fmt.Sprintf("u%d-%d", i, j)
				res := app.GET("/render/helpers").Header("X-Who", who).Do()
				if res.Code() != 200 || !strings.Contains(res.Body(), "csrf=tok-"+who+" ") || !strings.Contains(res.Body(), "who="+who) {
					t.Errorf("request %s got %d %q", who, res.Code(), res.Body())
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestPathForWithOddArgumentsIsATemplateError(t *testing.T) {
	fsys := fstest.MapFS{"app/view/odd.html": {Data: []byte(`{{ pathFor "user" "id" }}`)}}
	app := eggtest.New(t, appOpts(t, egg.Configure(func(c *view.Config) { c.FS = fsys }))...)
	app.GET("/render/odd").Header("Accept", "application/json").Do().Status(500).
		BodyContains("key/value pairs")
}

func TestBadHelpersFailStartUp(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  fx.Option
		want string
	}{
		{"bad name", view.AddHelper(view.Static("csrf-token", func() string { return "" })), `helper "csrf-token"`},
		{"empty name", view.AddHelper(view.Static("", func() string { return "" })), `needs a name that is a Go identifier`},
		{"duplicate", view.AddHelper([]view.Helper{
			view.Func("who", token), view.Func("who", token),
		}), `helper "who" is added twice`},
		{"clashes with a built-in", view.AddHelper(view.Func("pathFor", token)), `helper "pathFor" is added twice`},
		{"not a function", view.AddHelper(view.Static("n", 42)), `helper "n"`},
		{"two results, second not error", view.AddHelper(view.Static("two", func() (string, string) { return "", "" })), "returns one value, or a value and an error"},
		{"no Bind", view.AddHelper(view.Helper{Name: "raw"}), `has no Bind`},
		{"not a helper", view.AddHelper("csrfToken"), "pass a view.Helper"},
		{"constructor failing", view.AddHelper(func() (view.Helper, error) { return view.Helper{}, fmt.Errorf("no bundle") }), "no bundle"},
		{"constructor of a bad list", view.AddHelper(func(g *Greeter) []view.Helper {
			return []view.Helper{view.Static("ok", func() int { return 1 }), view.Static("9lives", func() int { return 9 })}
		}), `helper "9lives" (added at `},
		{"constructor of something else", view.AddHelper(func() string { return "" }), "must return a view.Helper"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := eggtest.Start(t, appOpts(t, tc.opt, fx.Supply(&Greeter{}))...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("start error = %v; want it to contain %q", err, tc.want)
			}
			if tc.name == "duplicate" && !strings.Contains(err.Error(), "helper_test.go") {
				t.Errorf("error does not say where the helper was added: %v", err)
			}
		})
	}
}
