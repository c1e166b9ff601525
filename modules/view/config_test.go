package view_test

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/view"
)

func TestDefaultConfigIsValid(t *testing.T) {
	cfg := view.DefaultConfig()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	if cfg.Root != "app/view" || cfg.DefaultExtension != ".html" || !cfg.Cache || cfg.CheckInterval != 100*time.Millisecond {
		t.Errorf("defaults = %+v", cfg)
	}
}

func TestConfigFromEnvironment(t *testing.T) {
	t.Setenv("VIEW_ROOT", "templates")
	t.Setenv("VIEW_DEFAULT_EXTENSION", ".tpl")
	t.Setenv("VIEW_MAPPING", ".tpl:html")
	t.Setenv("VIEW_CHECK_INTERVAL", "1s")
	t.Setenv("VIEW_SHARED_DIRS", "base, parts")
	dir := t.TempDir()
	writeFile(t, dir, "templates/base/frame.tpl", `[{{ block "in" . }}{{ end }}]`)
	writeFile(t, dir, "templates/parts/x.tpl", `x`)
	writeFile(t, dir, "templates/home.tpl", `{{ template "base/frame.tpl" . }}{{ define "in" }}{{ template "parts/x.tpl" }}{{ end }}`)
	var got view.Config
	app := eggtest.New(t, egg.BaseDir(dir), view.Module, pages(), egg.Routes(func(c view.Config) { got = c }))
	if got.Root != "templates" || got.DefaultExtension != ".tpl" || got.CheckInterval != time.Second ||
		got.Mapping[".tpl"] != "html" || strings.Join(got.SharedDirs, "|") != "base|parts" {
		t.Errorf("config = %+v", got)
	}
	app.GET("/").Do().Status(200).BodyEquals("[x]")
}

func TestInvalidConfigFailsStartUp(t *testing.T) {
	for _, tc := range []struct {
		name, env, value, want string
		fs                     bool
	}{
		{"empty root", "VIEW_ROOT", " ", "must name the template directory", false},
		{"root escaping the FS", "VIEW_ROOT", "../views", `slash path inside the FS`, true},
		{"absolute root in the FS", "VIEW_ROOT", "/views", `slash path inside the FS`, true},
		{"extension without dot", "VIEW_DEFAULT_EXTENSION", "html", "VIEW_DEFAULT_EXTENSION=.html", false},
		{"extension with a slash", "VIEW_DEFAULT_EXTENSION", ".a/b", "VIEW_DEFAULT_EXTENSION=.html", false},
		{"mapping without dot", "VIEW_MAPPING", "tpl:html", `extension "tpl" must start with a dot`, false},
		{"mapping without engine", "VIEW_MAPPING", ".tpl: ", `names no engine`, false},
		{"negative interval", "VIEW_CHECK_INTERVAL", "-1s", "must be 0", false},
		{"bad interval", "VIEW_CHECK_INTERVAL", "soon", "VIEW_CHECK_INTERVAL", false},
		{"shared dir escaping", "VIEW_SHARED_DIRS", "../x", "VIEW_SHARED_DIRS=layouts,partials", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(tc.env, tc.value)
			opts := appOpts(t)
			if tc.fs {
				opts = append(opts, egg.Configure(func(c *view.Config) { c.FS = fstest.MapFS{} }))
			}
			_, err := eggtest.Start(t, opts...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("start error = %v\nwant it to contain %q", err, tc.want)
			}
			if !strings.Contains(err.Error(), tc.env) {
				t.Errorf("error does not name %s: %v", tc.env, err)
			}
		})
	}
}
