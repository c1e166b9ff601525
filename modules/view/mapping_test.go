package view_test

import (
	"io"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/view"
	"go.uber.org/fx"
)

// rawEngine is a second, minimal engine: it sends a file as it is. It is
// built on view.Reloader like the real engines, so it reloads the same way.
func rawEngine(name string, exts ...string) view.EngineSpec {
	return view.EngineSpec{Name: name, Extensions: exts, New: func(s view.Setup) (view.Engine, error) {
		r, err := view.NewReloader(s, func(f *view.Files) (*view.Files, error) { return f, nil })
		if err != nil {
			return nil, err
		}
		return rawRenderer{r}, nil
	}}
}

type rawRenderer struct{ r *view.Reloader[*view.Files] }

func (e rawRenderer) Render(w io.Writer, c *egg.Ctx, name string, data any) error {
	files, err := e.r.Current()
	if err != nil {
		return err
	}
	b, ok := files.Read(name)
	if !ok {
		return e.r.NotFound(name)
	}
	_, err = w.Write(b)
	return err
}

var mappingFS = fstest.MapFS{
	"v/page.html":    {Data: []byte(`html {{ .Name }}`)},
	"v/page.tpl":     {Data: []byte(`tpl {{ .Name }}`)},
	"v/notes.txt":    {Data: []byte(`raw {{ .Name }}`)},
	"v/.hidden.html": {Data: []byte(`{{ broken`)}, // dot files are never read
	"v/.git/x.html":  {Data: []byte(`{{ broken`)},
}

func mappingApp(t *testing.T, opts ...fx.Option) (*eggtest.App, error) {
	base := appOpts(t, egg.Configure(func(c *view.Config) { c.FS, c.Root = mappingFS, "v" }))
	return eggtest.Start(t, append(base, opts...)...)
}

func TestEnginesAreChosenByExtension(t *testing.T) {
	app, err := mappingApp(t, view.RegisterEngine(rawEngine("raw", ".txt")),
		egg.Configure(func(c *view.Config) { c.Mapping = map[string]string{".tpl": "html"} }))
	if err != nil {
		t.Fatal(err)
	}
	app.GET("/render/page").Query("name", "<x>").Do().Status(200).BodyEquals(`html &lt;x&gt;`)
	app.GET("/render/page.tpl").Query("name", "<x>").Do().Status(200).BodyEquals(`tpl &lt;x&gt;`)
	app.GET("/render/notes.txt").Query("name", "x").Do().Status(200).BodyEquals(`raw {{ .Name }}`)
	// Each engine reads only its own extensions.
	app.GET("/render/notes.html").Header("Accept", "application/json").Do().Status(500).BodyContains("not found")
}

func TestMappingOverridesAnEnginesOwnExtension(t *testing.T) {
	t.Setenv("VIEW_MAPPING", ".html:raw")
	app, err := mappingApp(t, view.RegisterEngine(func() view.EngineSpec { return rawEngine("raw", ".txt") }))
	if err != nil {
		t.Fatal(err)
	}
	app.GET("/render/page").Query("name", "x").Do().Status(200).BodyEquals(`html {{ .Name }}`)
	app.GET("/render/page.tpl").Header("Accept", "application/json").Do().Status(500).BodyContains(`no engine renders \".tpl\" files`)
}

func TestMappingMistakesFailStartUp(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts []fx.Option
		env  string
		want string
	}{
		{"two engines claim .html", []fx.Option{view.RegisterEngine(rawEngine("raw", ".html"))}, "",
			`engines html and raw all render ".html" files; choose one, e.g. VIEW_MAPPING=.html:raw`},
		{"unknown engine", nil, ".njk:gonja",
			`Mapping gives ".njk" files to engine "gonja", which is not registered (engines: html); add its module (contrib/gonja`},
		{"same name twice", []fx.Option{view.RegisterEngine(rawEngine("html", ".txt"))}, "",
			`two engines are registered as "html"`},
		{"not a spec", []fx.Option{view.RegisterEngine(42)}, "", "pass a view.EngineSpec"},
		{"extension without a dot", nil, "tpl:html", `VIEW_MAPPING`},
		{"default extension without engine", []fx.Option{egg.Configure(func(c *view.Config) { c.DefaultExtension = ".njk" })}, "",
			`no engine renders the default extension ".njk"`},
		{"failing engine", []fx.Option{view.RegisterEngine(view.EngineSpec{Name: "bad", Extensions: []string{".bad"},
			New: func(view.Setup) (view.Engine, error) { return nil, io.ErrUnexpectedEOF }})}, "",
			`engine "bad": unexpected EOF`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.env != "" {
				t.Setenv("VIEW_MAPPING", tc.env)
			}
			_, err := mappingApp(t, tc.opts...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("start error = %v\nwant it to contain %q", err, tc.want)
			}
		})
	}
}
