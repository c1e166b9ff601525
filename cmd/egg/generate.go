package main

import (
	"bytes"
	"embed"
	"fmt"
	"go/format"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"text/template"
)

// templateFS holds the app templates in layers: templates/base has the
// files every app gets, templates/greeter the greeting service of simple
// and site, templates/<name> those of one template; a file in a later
// layer replaces the one of the same path in an earlier layer. A file named X.tmpl is rendered with
// text/template to X; any other file is copied as it is (so an
// html/template page keeps its own {{ }}). Go sources are stored as
// .go.tmpl, so this module never compiles them, and go.mod as go.mod.tmpl
// (a directory with a go.mod cannot be embedded). "all:" keeps
// .gitignore and .dockerignore.
//
//go:embed all:templates
var templateFS embed.FS

// appTemplate is one kind of app egg init writes.
type appTemplate struct {
	name    string
	summary string
	layers  []string // directories under templates/, later ones replacing earlier files
}

// appTemplates are the templates, the default first.
var appTemplates = []appTemplate{
	{"simple", "one JSON route, a service, a middleware and a boot hook", []string{"base", "greeter", "simple"}},
	{"api", "a RESTful resource (router.Resources) with a service and validation by c.Bind", []string{"base", "api"}},
	{"site", "an HTML page (html/template) and static files (module static)", []string{"base", "greeter", "site"}},
}

// templateNames lists the template names.
func templateNames() []string {
	names := make([]string, len(appTemplates))
	for i, t := range appTemplates {
		names[i] = t.name
	}
	return names
}

// findTemplate returns the template of that name, or nil.
func findTemplate(name string) *appTemplate {
	for i := range appTemplates {
		if appTemplates[i].name == name {
			return &appTemplates[i]
		}
	}
	return nil
}

// appData is what the templates see.
type appData struct {
	Module      string // go.mod module path, e.g. example.com/shop
	Name        string // egg.Name, e.g. shop
	EnvPrefix   string // the app config's env prefix, e.g. SHOP_
	EggVersion  string // the github.com/egg-go/egg version go.mod requires
	GoVersion   string // go.mod's go line
	Replace     string // a local egg checkout for go.mod's replace, or ""
	Template    string // simple, api or site
	ToolVersion string // the version of this tool
}

// appFiles maps each output path of the template to its source in
// templateFS, layer over layer.
func appFiles(name string) (map[string]string, error) {
	t := findTemplate(name)
	if t == nil {
		return nil, fmt.Errorf("unknown template %q; choose one of: %s", name, strings.Join(templateNames(), ", "))
	}
	files := map[string]string{}
	for _, layer := range t.layers {
		root := "templates/" + layer
		err := fs.WalkDir(templateFS, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			out := strings.TrimPrefix(p, root+"/")
			files[strings.TrimSuffix(out, ".tmpl")] = p
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("reading template %s: %w", layer, err)
		}
	}
	return files, nil
}

// render produces one file's content.
func render(src string, data appData) ([]byte, error) {
	raw, err := templateFS.ReadFile(src)
	if err != nil {
		return nil, err
	}
	if !strings.HasSuffix(src, ".tmpl") {
		return raw, nil
	}
	t, err := template.New(path.Base(src)).Option("missingkey=error").Parse(string(raw))
	if err != nil {
		return nil, fmt.Errorf("template %s: %w", src, err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		return nil, fmt.Errorf("template %s: %w", src, err)
	}
	if strings.HasSuffix(src, ".go.tmpl") {
		out, err := format.Source(b.Bytes())
		if err != nil {
			return nil, fmt.Errorf("template %s does not give valid Go (a bug in egg init; please report it): %w", src, err)
		}
		return out, nil
	}
	return b.Bytes(), nil
}

// generate writes the app of template name into dir and returns the
// paths written, relative to dir, sorted. Every file is rendered before
// the first is written, so a template error leaves dir untouched.
func generate(dir, name string, data appData) ([]string, error) {
	files, err := appFiles(name)
	if err != nil {
		return nil, err
	}
	outs := make([]string, 0, len(files))
	for out := range files {
		outs = append(outs, out)
	}
	slices.Sort(outs)
	contents := make([][]byte, len(outs))
	for i, out := range outs {
		if contents[i], err = render(files[out], data); err != nil {
			return nil, err
		}
	}
	for i, out := range outs {
		target := filepath.Join(dir, filepath.FromSlash(out))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return nil, fmt.Errorf("creating %s: %w", filepath.Dir(target), err)
		}
		if err := os.WriteFile(target, contents[i], 0o644); err != nil {
			return nil, fmt.Errorf("writing %s: %w", target, err)
		}
	}
	return outs, nil
}
