package htmlexec_test

import (
	"errors"
	"fmt"
	"html/template"
	"strings"
	"testing"

	"github.com/egg-go/egg/modules/view/internal/htmlexec"
)

// The tests render each page with html/template and with its compiled
// program, and require the same bytes — or, where the program cannot
// render, that it says so rather than writing anything else.

// helperFuncs are the helpers every test page may call, one of each shape
// (and some only reflect can call).
func helperFuncs() template.FuncMap {
	return template.FuncMap{
		"greet":  func() string { return "hi <you>" },
		"upper":  strings.ToUpper,
		"tr":     func(id string, args ...any) string { return fmt.Sprintf("[%s]", id) + fmt.Sprint(args...) },
		"path":   func(name string, kv ...any) (string, error) { return pathFor(name, kv) },
		"money":  func(cents int) string { return fmt.Sprintf("$%d.%02d", cents/100, cents%100) },
		"safe":   func() template.HTML { return "<em>safe</em>" },
		"fail":   func() (string, error) { return "", errors.New("helper failed") },
		"boom":   func() string { panic("helper panicked") },
		"pair":   func(a, b string) []string { return []string{a, b} },
		"suffix": func(s string, v ...any) string { return s + fmt.Sprint(len(v)) },
	}
}

func pathFor(name string, kv []any) (string, error) {
	if len(kv)%2 != 0 {
		return "", errors.New("odd pairs")
	}
	return "/" + name + fmt.Sprint(kv...), nil
}

// page parses shared templates (name → source) and the page the way the
// view engine does, and returns it never executed.
func page(t *testing.T, src string, shared map[string]string) *template.Template {
	t.Helper()
	base := template.New("").Funcs(helperFuncs())
	for name, s := range shared {
		template.Must(base.New(name).Parse(s))
	}
	ns := template.Must(base.Clone())
	return template.Must(ns.New("page.html").Parse(src))
}

func helpers() ([]htmlexec.Helper, []any) {
	fm := helperFuncs()
	var hs []htmlexec.Helper
	var fns []any
	for name, fn := range fm {
		hs = append(hs, htmlexec.Helper{Name: name, Sample: fn})
		fns = append(fns, fn)
	}
	return hs, fns
}

// render is html/template's output (or error) for the page.
func render(t *testing.T, p *template.Template, data any) (string, error) {
	t.Helper()
	c := template.Must(p.Clone())
	var b strings.Builder
	err := c.Execute(&b, data)
	return b.String(), err
}

// outcome is what a compiled program did with a page.
type outcome int

const (
	same        outcome = iota // rendered, the same bytes as html/template
	gaveUp                     // the render failed (html/template fails too)
	unsupported                // Compile or Execute said html/template must render it
)

func check(t *testing.T, name, src string, shared map[string]string, data any, want outcome) {
	t.Helper()
	p := page(t, src, shared)
	hs, fns := helpers()
	prog, err := htmlexec.Compile(p, hs)
	wantOut, wantErr := render(t, p, data)
	if err != nil {
		if want == unsupported && errors.Is(err, htmlexec.ErrUnsupported) {
			return
		}
		t.Fatalf("%s: Compile: %v", name, err)
	}
	got, err := prog.Execute([]byte("prefix:"), data, fns)
	switch {
	case want == same && err == nil:
		if string(got) != "prefix:"+wantOut || wantErr != nil {
			t.Fatalf("%s:\n got %q\nwant %q (html/template error %v)", name, got, wantOut, wantErr)
		}
	case want == gaveUp && err != nil && !errors.Is(err, htmlexec.ErrUnsupported):
		if wantErr == nil {
			t.Fatalf("%s: gave up (%v), but html/template renders %q", name, err, wantOut)
		}
	case want == unsupported && errors.Is(err, htmlexec.ErrUnsupported):
		if !prog.Disabled() {
			t.Fatalf("%s: unsupported, but the program is not disabled", name)
		}
		if _, err := prog.Execute(nil, data, fns); !errors.Is(err, htmlexec.ErrDisabled) {
			t.Fatalf("%s: after unsupported, Execute = %v, want ErrDisabled", name, err)
		}
	default:
		t.Fatalf("%s: outcome %v (got %q), want %v; html/template: %q, %v", name, err, got, want, wantOut, wantErr)
	}
	if err != nil && string(got) != "prefix:" {
		t.Fatalf("%s: failed render returned %q, want the input untouched", name, got)
	}
}

// tricky strings for every escaper.
var tricky = []string{
	"", "plain", `<b>"O'Neil" & a+b=c</b>`, "javascript:alert(1)", "JavaScript:x", "http://x/a b?c=d&e#f",
	"/p%41%zz%4", "mailto:a@b", "a\x00b", "é ü 日本", "\ufdd0\uffff\ufffd", "bad\xffutf8\xc3", "tab\tnl\n=`",
	"/path/to:x", "%", "%%41",
}

func TestEscapedContexts(t *testing.T) {
	src := `<p>{{.}}</p><a href="{{.}}" title="{{.}}">x</a><a href="/x/{{.}}?q={{.}}#{{.}}">y</a>` +
		`<title>{{.}}</title><textarea>{{.}}</textarea><input value={{.}}><img src={{.}}>` +
		`<!-- {{.}} --><a href='{{.}}'>z</a><div class="{{.}}" data-x={{.}}>`
	for i, s := range tricky {
		check(t, fmt.Sprintf("tricky %d %q", i, s), src, nil, s, same)
	}
}

type stringer struct{ n int }

func (s stringer) String() string { return fmt.Sprintf("S%d", s.n) }

type ptrStringer struct{ n int }

func (s *ptrStringer) String() string { return fmt.Sprintf("P%d", s.n) }

type named string

func TestValues(t *testing.T) {
	str := "pointed"
	n := 7
	var nilPtr *int
	values := []any{
		nil, 0, 42, -3, int64(1) << 40, uint(9), 3.5, 1e21, 1.0, float32(0.1), true, false,
		&str, &n, nilPtr, stringer{3}, &ptrStringer{4}, ptrStringer{5}, errors.New("an <error>"),
		named("named <s>"), []int{1, 2}, map[string]int{"a": 1}, struct{ A int }{1}, 'x', complex(1, 2),
		template.HTML("<b>bold</b>"), template.URL("javascript:ok()"), template.CSS("a<b"),
		template.HTMLAttr(`x="1"`), template.JS("a<b"), []byte("bytes"),
	}
	for i, v := range values {
		check(t, fmt.Sprintf("value %d %T", i, v), `<p>{{.}}</p><a href="/{{.}}">x</a><title>{{.}}</title><!-- {{.}} -->`, nil, v, same)
	}
	// HTML content in an attribute: html/template strips its tags.
	check(t, "HTML in an attribute", `<a title="{{.}}">`, nil, template.HTML("<b>x</b>"), unsupported)
	check(t, "empty unquoted attribute", `<a title={{.}}>`, nil, "", same)
	for _, v := range []any{0, -3, int64(-1) << 62, uint(7), "x y"} {
		check(t, fmt.Sprintf("unquoted %v", v), `<input value={{.}} max={{.}}>`, nil, v, same)
	}
}

type item struct {
	Name  string
	Size  int
	Tags  []string
	Inner *item
	Any   any
	M     map[string]any
	lower int
}

func (i item) Label() string            { return "label:" + i.Name }
func (i *item) PtrLabel() string        { return "ptr:" + i.Name }
func (i item) Join(sep string) string   { return strings.Join(i.Tags, sep) }
func (i item) Err() (string, error)     { return "", errors.New("method failed") }
func (i item) Twice(n int) (int, error) { return 2 * n, nil }

func data() map[string]any {
	a := item{Name: "a<1>", Size: 3, Tags: []string{"x", "y"}, Any: 5, M: map[string]any{"k": "v"}}
	b := item{Name: "b", Size: 0, Inner: &item{Name: "inner"}, Any: nil}
	return map[string]any{
		"Items": []item{a, b}, "Ptrs": []*item{&a, &b}, "Map": map[string]int{"z": 1, "a": 2, "m": 3},
		"IntMap": map[int]string{3: "c", 1: "a", 2: "b"}, "Empty": []int{}, "N": 3, "Name": "Ada",
		"Nil": nil, "One": a, "OnePtr": &a, "Flag": true, "Zero": 0, "U": uint(3), "F": 2.5,
	}
}

func TestControlAndData(t *testing.T) {
	cases := []struct {
		name, src string
		want      outcome
	}{
		{"fields", `{{.Name}} {{.One.Name}} {{.OnePtr.Name}} {{.One.Inner}} {{.Missing}} {{.One.M.k}} {{.One.M.nope}}`, same},
		{"range slice", `{{range .Items}}<li>{{.Name}} {{.Size}} {{.Label}} {{.PtrLabel}} {{.Join "-"}}</li>{{end}}`, same},
		{"range vars", `{{range $i, $e := .Items}}{{$i}}={{$e.Name}};{{end}}{{range $e := .Ptrs}}{{$e.Name}}{{end}}`, same},
		{"range map", `{{range $k, $v := .Map}}{{$k}}:{{$v}},{{end}}{{range .IntMap}}{{.}}{{end}}`, same},
		{"range int", `{{range .N}}{{.}}{{end}}{{range $x := 2}}[{{$x}}]{{end}}`, same},
		{"range else", `{{range .Empty}}x{{else}}empty{{end}}{{range .Nil}}x{{else}}nil{{end}}`, same},
		{"break continue", `{{range .Items}}{{if eq .Size 0}}{{break}}{{end}}{{.Name}}{{end}}|{{range .Items}}{{if .Size}}{{continue}}{{end}}{{.Name}}{{end}}`, same},
		{"if chain", `{{if .Nil}}a{{else if .Zero}}b{{else if .Flag}}c{{else}}d{{end}}`, same},
		{"with", `{{with .One}}{{.Name}}{{end}}{{with .Nil}}x{{else with .Name}}{{.}}{{end}}`, same},
		{"variables", `{{$x := .Name}}{{$y := 1}}{{$x}}{{$y}}{{$y = 2}}{{$y}}{{with .One}}{{$x}}{{$.Name}}{{end}}`, same},
		{"assign in range", `{{$last := ""}}{{range .Items}}{{$last = .Name}}{{end}}{{$last}}`, same},
		{"comparisons", `{{eq .N 3}} {{ne .N 3}} {{lt .N 4}} {{le .N 3}} {{gt .N 3}} {{ge .N 3}} {{eq .N .U}} {{lt .U .N}} {{eq "a" "a" "b"}} {{eq .Nil .Nil}} {{lt .F 3.0}}`, same},
		{"logic", `{{and .Flag .Name}} {{or .Zero .Nil "dflt"}} {{not .Zero}} {{and .Zero .Missing.X}} {{.Flag | and .N}}`, same},
		{"len index", `{{len .Items}} {{index .Map "z"}} {{index .Map "none"}} {{index .Items 1}} {{(index .Items 0).Name}} {{len .Name}}`, same},
		{"print", `{{print .N "x" 1.5 .Nil}} {{printf "%05d|%s|%v" .N .Name .Flag}} {{println .Name}} {{.Name | printf "<%s>"}}`, same},
		{"helpers", `{{greet}} {{upper .Name}} {{tr "id"}} {{tr "id" .N "x"}} {{.Name | tr "piped"}} {{"x" | upper}} {{money 1250}} {{safe}} {{path "user" "id" 3}}`, same},
		{"helper in attrs", `<a href="{{path "u" "id" .N}}" title="{{tr "t" .Name}}">{{pair "a" "b"}}</a>`, same},
		{"helper args", `{{suffix "a"}} {{suffix "a" nil 1 .Nil}} {{upper (greet)}} {{tr (upper .Name)}}`, same},
		{"methods with args", `{{.One.Join ","}} {{.One.Twice 4}} {{.OnePtr.Twice .N}}`, same},
		{"chain", `{{(index .Items 0).Label}} {{(.One).Name}} {{$o := .One}}{{$o.Inner}}`, same},
		{"numbers", `{{1}} {{1.5}} {{0x10}} {{'a'}} {{1e3}} {{-2}}`, same},
		{"nil pointer field", `{{range .Items}}{{.Inner.Name}}{{end}}`, gaveUp},
		{"missing field", `{{.One.Nope}}`, gaveUp},
		{"unexported", `{{.One.lower}}`, gaveUp},
		{"helper error", `{{fail}}`, gaveUp},
		{"helper panic", `{{boom}}`, gaveUp},
		{"method error", `{{.One.Err}}`, gaveUp},
		{"path error", `{{path "x" 1}}`, gaveUp},
		{"bad comparison", `{{lt .Name 1}}`, gaveUp},
		{"index out of range", `{{index .Items 5}}`, gaveUp},
		{"script", `<script>var x = {{.Name}};</script>`, unsupported},
		{"style", `<style>p { color: {{.Name}} }</style>`, unsupported},
		{"predefined html", `{{.Name | html}}`, unsupported},
		{"urlquery", `<a href="/?q={{.Name | urlquery}}">`, unsupported},
		{"slice builtin", `{{slice .Name 1}}`, unsupported},
		{"attr name", `<a {{.Name}}="x">`, unsupported},
		{"range over chan", `{{range .Ch}}{{.}}{{end}}`, unsupported},
	}
	for _, c := range cases {
		d := data()
		if c.name == "range over chan" {
			ch := make(chan int, 1)
			ch <- 1
			close(ch)
			d["Ch"] = ch
		}
		check(t, c.name, c.src, nil, d, c.want)
	}
}

func TestTemplates(t *testing.T) {
	shared := map[string]string{
		"layouts/main.html": `<html><title>{{block "title" .}}Default{{end}}</title>` +
			`<a href="{{block "link" .}}/home{{end}}">x</a><body>{{template "partials/nav.html" .}}{{block "content" .}}{{end}}</body></html>`,
		"partials/nav.html":  `<nav>{{range .Items}}{{template "partials/item.html" .}}{{end}}</nav>`,
		"partials/item.html": `<a href="/i/{{.Name}}">{{.Name}}</a>`,
		"partials/tree.html": `{{if .}}<ul>{{range .}}<li>{{.Name}}{{template "partials/tree.html" .Kids}}</li>{{end}}</ul>{{end}}`,
	}
	src := `{{template "layouts/main.html" .}}{{define "title"}}{{.Name}} & co{{end}}` +
		`{{define "content"}}<p>{{tr "hello" .Name}}</p>{{template "partials/tree.html" .Tree}}{{template "x" 5}}{{end}}` +
		`{{define "x"}}{{.}}{{$}}{{end}}`
	type node struct {
		Name string
		Kids []node
	}
	d := data()
	d["Tree"] = []node{{"a", []node{{"b", nil}, {"c", []node{{"d", nil}}}}}, {"e", nil}}
	check(t, "layout with derived templates and recursion", src, shared, d, same)
	check(t, "no dot", `{{template "x"}}{{define "x"}}[{{.}}]{{end}}`, nil, d, same)
}
