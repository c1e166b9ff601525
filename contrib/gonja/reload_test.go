package gonja_test

import (
	"path/filepath"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/gonja"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/onerror"
	"github.com/egg-go/egg/modules/view"
)

// In local, an edited layout (parsed with the page that extends it) or an
// edited include shows on the next render; with Cache on, nothing is
// re-read.
func TestReload(t *testing.T) {
	for _, tc := range []struct {
		env    string
		reload bool
	}{{"local", true}, {"prod", false}} {
		t.Run(tc.env, func(t *testing.T) {
			dir := t.TempDir()
			views := filepath.Join(dir, "app", "view")
			writeFile(t, views, "base.njk", `[{% block b %}{% endblock %}]{% include "inc.njk" %}`)
			writeFile(t, views, "inc.njk", `i1`)
			writeFile(t, views, "page.njk", `{% extends "base.njk" %}{% block b %}p1{% endblock %}`)
			app := eggtest.New(t, egg.BaseDir(dir), onerror.Module, view.Module, gonja.Module, pages(), egg.Env(tc.env),
				egg.Configure(func(c *view.Config) { c.CheckInterval = 0 }))
			app.GET("/render/page.njk").Do().Status(200).BodyEquals("[p1]i1")

			writeFile(t, views, "base.njk", `<{% block b %}{% endblock %}>{% include "inc.njk" %}`)
			writeFile(t, views, "inc.njk", `include two`)
			writeFile(t, views, "page.njk", `{% extends "base.njk" %}{% block b %}page two{% endblock %}`)
			want := "[p1]i1"
			if tc.reload {
				want = "<page two>include two"
			}
			app.GET("/render/page.njk").Do().Status(200).BodyEquals(want)
		})
	}
}
