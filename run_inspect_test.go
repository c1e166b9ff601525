package egg

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"go.uber.org/fx"
)

// blogConfig needs a secret that only production has.
type blogConfig struct {
	Secret string `env:"SECRET"`
	Limit  int    `env:"LIMIT"`
}

func (c *blogConfig) Validate() error {
	if c.Secret == "" {
		return InvalidConfig("Secret", "is required: set BLOG_SECRET")
	}
	return nil
}

type testPosts struct{}

func (*testPosts) Index(c *Ctx) error { return c.Text(200, "index") }
func (*testPosts) Show(c *Ctx) error  { return c.Text(200, "show") }

func (*testPosts) archive(c *Ctx) error { return nil }

func blogApp(t *testing.T) []fx.Option {
	return []fx.Option{BaseDir(t.TempDir()), LogOutput(io.Discard),
		Module("blog",
			Config(blogConfig{Limit: 10}),
			ConfigureEnv("local", func(c *blogConfig) { c.Secret = "dev-only" }),
			fx.Provide(func(cfg blogConfig) *testPosts { return &testPosts{} }),
			Routes(func(r *Router, p *testPosts) {
				r.Resources("posts", "/api/posts", p)
				r.Get("/archive", p.archive)
			}),
		)}
}

// Issue 8 #7: config, routes and graph work for prod without prod's
// secrets, flag the invalid field and exit 0; start still refuses.
func TestPrintingSubcommandsNeedNoSecrets(t *testing.T) {
	tests := []struct {
		args        []string
		code        int
		out, errOut []string
	}{
		{[]string{"config", "--env", "prod"}, 0,
			[]string{`"env": "prod"`, `"Limit": 10`, `"invalid": [`, `"field": "Secret"`, `"reason": "is required: set BLOG_SECRET"`},
			[]string{`module "blog" config field Secret = `, "is required: set BLOG_SECRET (start refuses this config)"}},
		{[]string{"routes", "--env", "prod"}, 0,
			[]string{"GET     /api/posts       posts  *egg.testPosts.Index", "/api/posts/{id}", "*egg.testPosts.Show",
				"*egg.testPosts.archive"},
			[]string{"config field Secret", "start refuses this config"}},
		{[]string{"graph", "--env", "prod"}, 0, []string{`"blog"`}, nil},
		{[]string{"graph", "--fx", "--env", "prod"}, 0, []string{"digraph"}, []string{"config field Secret"}},
		{[]string{"config"}, 0, []string{`"env": "local"`}, nil},
		{[]string{"start", "--env", "prod", "--port", "0"}, 1, nil, []string{`module "blog" config field Secret`, "is required"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run(tt.args, &out, &errOut, nil, blogApp(t))
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, out.String(), errOut.String())
			}
			for _, w := range tt.out {
				if !strings.Contains(out.String(), w) {
					t.Errorf("stdout misses %q:\n%s", w, out.String())
				}
			}
			for _, w := range tt.errOut {
				if !strings.Contains(errOut.String(), w) {
					t.Errorf("stderr misses %q:\n%s", w, errOut.String())
				}
			}
			if tt.args[0] == "config" && code == 0 {
				var v map[string]any
				if err := json.Unmarshal(out.Bytes(), &v); err != nil {
					t.Errorf("config output is not JSON: %v", err)
				}
				if tt.args[len(tt.args)-1] == "local" || len(tt.args) == 1 {
					if _, ok := v["invalid"]; ok || errOut.Len() > 0 {
						t.Errorf("a valid config flags nothing: %v %s", v["invalid"], errOut.String())
					}
				}
			}
		})
	}
}

// An environment variable that does not parse is flagged by the printing
// subcommands too, named like a Validate error.
func TestConfigFlagsUnparsableEnvVar(t *testing.T) {
	t.Setenv("PORT", "abc")
	var out, errOut bytes.Buffer
	if code := run([]string{"config"}, &out, &errOut, nil, blogApp(t)); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), `"field": "Port"`) ||
		!strings.Contains(errOut.String(), `module "egg" config field Port is invalid: environment variable PORT="abc" is not a valid int`) {
		t.Errorf("stdout:\n%s\nstderr:\n%s", out.String(), errOut.String())
	}
	if code := run([]string{"start"}, io.Discard, &errOut, nil, blogApp(t)); code != 1 {
		t.Errorf("start with PORT=abc: exit %d", code)
	}
}

// Issue 8 #10: --help says each default once, in words.
func TestHelpSaysEachDefaultOnce(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"--help"}, {"routes", "-h"}} {
		var out, errOut bytes.Buffer
		if code := run(args, &out, &errOut, nil, nil); code != 0 || errOut.Len() > 0 {
			t.Fatalf("%v: exit %d, stderr %q", args, code, errOut.String())
		}
		help := out.String()
		for _, want := range []string{"\n  --env ENV ", "(default: $EGG_SERVER_ENV, else local)", "\n  --port PORT ",
			"(default: $PORT, else the config's, 7001)", "\n  --fx ", "graph    print the module graph",
			"(default: egg-server-{app name})", "(default: 300s)", "(default: 30s)", "(default: logs/NAME-stdout.log)",
			"(default: logs/NAME-stderr.log)"} {
			if strings.Count(help, want) != 1 {
				t.Errorf("%v: %q appears %d times in:\n%s", args, want, strings.Count(help, want), help)
			}
		}
		if strings.Count(help, "(default") != 7 || strings.Contains(help, "-1") {
			t.Errorf("%v: defaults said more than once or unreadably:\n%s", args, help)
		}
	}
}

// Issue 8 #9: graph draws the module graph: modules by framework, edges
// for requires and optional, disabled modules greyed.
func TestGraphDrawsModules(t *testing.T) {
	opts := []fx.Option{BaseDir(t.TempDir()), LogOutput(io.Discard),
		Framework("base", Module("store"), Module("cache", Requires("store"))),
		Module("api", Requires("cache"), Optional("metrics", "absent")),
		Module("metrics", Envs("prod")),
		Module("legacy", Requires("store")),
		Disable("legacy"),
	}
	var out, errOut bytes.Buffer
	if code := run([]string{"graph"}, &out, &errOut, nil, opts); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	g := out.String()
	for _, want := range []string{
		"digraph modules {",
		"subgraph cluster_0 {\n\t\tlabel=\"framework base\";",
		`"store" [label="store\n#1"];`,
		`"cache" [label="cache\n#2"];`,
		`"api" [label="api\n#3"];`,
		`"metrics" [label="metrics\noff in env local", color=gray, fontcolor=gray, style="rounded,dashed"];`,
		`"legacy" [label="legacy\ndisabled by egg.Disable", color=gray`,
		`"cache" -> "store";`,
		`"api" -> "cache";`,
		`"api" -> "metrics" [style=dashed, label="optional", color=gray];`,
		`"legacy" -> "store" [color=gray];`,
	} {
		if !strings.Contains(g, want) {
			t.Errorf("missing %q in:\n%s", want, g)
		}
	}
	if strings.Contains(g, "absent") {
		t.Errorf("an absent optional module is not drawn:\n%s", g)
	}
	// in prod, metrics is on and loads before api
	out.Reset()
	run([]string{"graph", "--env", "prod"}, &out, io.Discard, nil, opts)
	if !strings.Contains(out.String(), `"metrics" [label="metrics\n#3"];`) || !strings.Contains(out.String(), `"api" -> "metrics" [style=dashed, label="optional"];`) {
		t.Errorf("prod graph:\n%s", out.String())
	}
}

// A graph of an app that cannot start is still drawn, the error follows.
func TestGraphOfABrokenApp(t *testing.T) {
	opts := []fx.Option{BaseDir(t.TempDir()), LogOutput(io.Discard),
		Module("a", Requires("b")), Module("b", Requires("a")), Module("c", Requires("ghost"))}
	var out, errOut bytes.Buffer
	if code := run([]string{"graph"}, &out, &errOut, nil, opts); code != 1 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{`"a" -> "b";`, `"b" -> "a";`, `"c" -> "ghost" [color=red, label="requires (missing)"];`,
		`"ghost" [label="ghost\nmissing", color=red, fontcolor=red];`, `"a" [label="a"];`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("missing %q in:\n%s", want, out.String())
		}
	}
	if !strings.Contains(errOut.String(), "egg: module") {
		t.Errorf("stderr: %s", errOut.String())
	}
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api") }

// Issue 8 #10: the config dump says where a matcher was declared.
func TestConfigDumpShowsWhereFuncsAre(t *testing.T) {
	opts := []fx.Option{BaseDir(t.TempDir()), LogOutput(io.Discard),
		Module("mw",
			Middleware("auth", func(next http.Handler) http.Handler { return next }),
			Middleware("gzip", func(next http.Handler) http.Handler { return next }),
		),
		UseMiddleware("auth", MatchFunc(isAPI, func(r *http.Request) bool { return r.Method == "POST" })),
		UseMiddleware("gzip", Ignore("/stream")),
	}
	var out, errOut bytes.Buffer
	if code := run([]string{"config"}, &out, &errOut, nil, opts); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	for _, re := range []string{
		`"func at run_inspect_test.go:\d+ \(egg.isAPI\)"`,
		`"func at run_inspect_test.go:\d+ \(in TestConfigDumpShowsWhereFuncsAre\)"`,
		`"func at http_config.go:\d+ \(in PathPrefix\)"`,
	} {
		if !regexpMatch(re, out.String()) {
			t.Errorf("no %s in:\n%s", re, out.String())
		}
	}
	if strings.Contains(out.String(), "<func>") {
		t.Error(`still "<func>"`)
	}
}

// Issue 8 #10: run/ keeps only the latest application_timing_<pid>.json.
func TestTimingFilesDoNotPileUp(t *testing.T) {
	dir := t.TempDir()
	run := filepath.Join(dir, "run")
	if err := os.MkdirAll(run, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, old := range []string{"application_timing_1.json", "application_timing_99999999.json"} {
		if err := os.WriteFile(filepath.Join(run, old), []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(run, "keep.json"), []byte("{}"), 0o644)
	for i := 0; i < 2; i++ {
		app, err := New(BaseDir(dir), Env("local"), WithServer(), LogOutput(io.Discard), Configure(func(c *ServerConfig) { c.Port = 0 }))
		if err != nil {
			t.Fatal(err)
		}
		if err := app.Start(t.Context()); err != nil {
			t.Fatal(err)
		}
		app.Stop(t.Context())
	}
	got, _ := filepath.Glob(filepath.Join(run, "application_timing_*.json"))
	if len(got) != 1 || filepath.Base(got[0]) != "application_timing_"+itoa(os.Getpid())+".json" {
		t.Errorf("timing files: %v", got)
	}
	if _, err := os.Stat(filepath.Join(run, "keep.json")); err != nil {
		t.Error("other files in run/ must stay")
	}
}

func regexpMatch(re, s string) bool { return regexp.MustCompile(re).MatchString(s) }

func itoa(n int) string { return strconv.Itoa(n) }
