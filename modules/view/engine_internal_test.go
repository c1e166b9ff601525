package view

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/egg-go/egg"
)

// newTestView returns a started View on files (name → source) with
// view's default config and helpers.
func newTestView(t *testing.T, files fstest.MapFS, helpers ...Helper) *View {
	t.Helper()
	cfg := DefaultConfig()
	cfg.FS, cfg.Root = files, "."
	v := New(cfg, "", nil, []EngineSpec{htmlEngineSpec(cfg.SharedDirs, true)}, helpers)
	if err := v.DidLoad(t.Context()); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestSitePagesCompile: every page of the test site (layouts, partials,
// blocks inside <title>, helpers) runs as a compiled program but
// plain.html, whose <script> context compiled pages leave to
// html/template.
func TestSitePagesCompile(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("testdata", "site"))
	if err != nil {
		t.Fatal(err)
	}
	v := New(DefaultConfig(), dir, nil, []EngineSpec{htmlEngineSpec([]string{"layouts", "partials"}, true)}, nil)
	if err := v.DidLoad(t.Context()); err != nil {
		t.Fatal(err)
	}
	e := v.byExt[".html"].engine.(*htmlEngine)
	set, err := e.r.Current()
	if err != nil {
		t.Fatal(err)
	}
	for name, p := range set {
		if compiled := p.prog != nil; compiled != (name != "plain.html") {
			t.Errorf("%s: compiled %v", name, compiled)
		}
	}
	if len(set) != 5 {
		t.Errorf("%d pages, want 5", len(set))
	}
}

// TestResolveRemembers: a name resolves the same from the cache as the
// first time; names that do not resolve are not remembered; past
// maxResolved names, new ones still resolve.
func TestResolveRemembers(t *testing.T) {
	v := newTestView(t, fstest.MapFS{"home.html": {Data: []byte("home")}, "a/b.html": {Data: []byte("b")}})
	for range 2 {
		for in, want := range map[string]string{"home": "home.html", "/home": "home.html", "home.html": "home.html", "a/b": "a/b.html"} {
			n, m, err := v.resolve(in)
			if err != nil || n != want || m.name != HTMLEngineName {
				t.Errorf("resolve(%q) = %q, %q, %v; want %q", in, n, m.name, err, want)
			}
		}
		for _, bad := range []string{"../x", "a//b", "x.tpl", `a\b`} {
			if _, _, err := v.resolve(bad); err == nil {
				t.Errorf("resolve(%q): no error", bad)
			}
		}
	}
	if got := len(*v.names.Load()); got != 4 {
		t.Errorf("%d names remembered, want 4", got)
	}
	for i := range maxResolved + 10 {
		name := fmt.Sprintf("n%d", i)
		if n, _, err := v.resolve(name); err != nil || n != name+".html" {
			t.Fatalf("resolve(%q) = %q, %v", name, n, err)
		}
	}
	if got := len(*v.names.Load()); got != maxResolved {
		t.Errorf("%d names remembered, want at most %d", got, maxResolved)
	}
}

// TestCompiledPageGivesUp: a render a compiled page cannot finish is
// rendered by html/template: a helper's error is html/template's error,
// and a value the program does not handle makes html/template render the
// page from then on, logging it once.
func TestCompiledPageGivesUp(t *testing.T) {
	calls := 0
	v := newTestView(t, fstest.MapFS{
		"fail.html":  {Data: []byte(`<p>{{ count }}{{ fails }}</p>`)},
		"range.html": {Data: []byte(`{{ range . }}<i>{{ . }}</i>{{ end }}`)},
	},
		Static("count", func() string { calls++; return "c" }),
		Static("fails", func() (string, error) { return "", errors.New("no luck") }),
	)
	var log bytes.Buffer
	v.byExt[".html"].engine.(*htmlEngine).s.Logger = newTextLogger(&log)
	c := (*egg.Ctx)(nil)
	_, err := v.RenderString(c, "fail", nil)
	if err == nil || !bytes.Contains([]byte(err.Error()), []byte(`error calling fails: no luck`)) {
		t.Errorf("err = %v, want html/template's error calling fails", err)
	}
	if calls != 2 {
		t.Errorf("count ran %d times, want twice (the program, then html/template)", calls)
	}
	ch := make(chan int, 2)
	ch <- 1
	ch <- 2
	close(ch)
	for range 2 {
		got, err := v.RenderString(c, "range", []int{3})
		if err != nil || got != "<i>3</i>" {
			t.Errorf("slice: %q, %v", got, err)
		}
	}
	if got, err := v.RenderString(c, "range", ch); err != nil || got != "<i>1</i><i>2</i>" {
		t.Errorf("channel: %q, %v", got, err)
	}
	if got, err := v.RenderString(c, "range", []int{4}); err != nil || got != "<i>4</i>" {
		t.Errorf("slice after the channel: %q, %v", got, err)
	}
	if n := bytes.Count(log.Bytes(), []byte("renders with html/template from now on")); n != 1 {
		t.Errorf("logged %d times, want once:\n%s", n, log.String())
	}
}

func newTextLogger(w *bytes.Buffer) *slog.Logger { return slog.New(slog.NewTextHandler(w, nil)) }
