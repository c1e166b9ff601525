package htmlexec_test

import (
	"html/template"
	"strings"
	"testing"

	"github.com/egg-go/egg/modules/view/internal/htmlexec"
)

// FuzzEscapers renders fuzzed strings, plain and typed, in every context
// compiled pages escape, with html/template and with a program: the bytes
// must be the same.
func FuzzEscapers(f *testing.F) {
	for _, s := range tricky {
		f.Add(s)
	}
	src := `<p>{{.S}}{{.H}}</p><a href="{{.S}}" title="{{.S}}">x</a><a href="/x/{{.S}}?q={{.S}}#{{.U}}">y</a>` +
		`<a href="{{.U}}">u</a><title>{{.S}}{{.H}}</title><textarea>{{.H}}</textarea><input value={{.S}}>` +
		`<img src={{.S}} alt={{.U}}><!-- {{.S}} --><a href='{{.S}}'>z</a>`
	p := template.Must(template.New("page.html").Parse(src))
	prog, err := htmlexec.Compile(p, nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		data := map[string]any{"S": s, "H": template.HTML(s), "U": template.URL(s)}
		c := template.Must(p.Clone())
		var want strings.Builder
		if err := c.Execute(&want, data); err != nil {
			t.Fatal(err)
		}
		got, err := prog.Execute(nil, data, nil)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		if string(got) != want.String() {
			t.Fatalf("%q:\n got %q\nwant %q", s, got, want.String())
		}
	})
}
