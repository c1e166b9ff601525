package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// egg runs the tool and returns its exit status, stdout and stderr.
func egg(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestCommands(t *testing.T) {
	tests := []struct {
		args   []string
		code   int
		stdout string // a substring of stdout
		stderr string // a substring of stderr
	}{
		{nil, 2, "", "Usage:"},
		{[]string{"help"}, 0, "egg init [--template simple|api|site]", ""},
		{[]string{"--help"}, 0, "egg routes [flags]", ""},
		{[]string{"help", "init"}, 0, "--module PATH", ""},
		{[]string{"help", "init"}, 0, "an HTML page (html/template)", ""},
		{[]string{"help", "nope"}, 2, "", `no help for "nope"`},
		{[]string{"--version"}, 0, "new apps require github.com/egg-go/egg " + defaultEggVersion, ""},
		{[]string{"version"}, 0, "egg (devel)", ""},
		{[]string{"serve"}, 2, "", `unknown command "serve"; the commands are init, routes, config, graph, help and --version`},
		{[]string{"init", "--help"}, 0, "Usage: egg init [flags] DIR", ""},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := egg(tt.args...)
			if code != tt.code || !strings.Contains(stdout, tt.stdout) || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s\nwant stdout with %q, stderr with %q",
					code, tt.code, stdout, stderr, tt.stdout, tt.stderr)
			}
		})
	}
}

// Every wrong use of init says what to do, and writes nothing.
func TestInitRefusesBadInput(t *testing.T) {
	tmp := t.TempDir()
	full := filepath.Join(tmp, "full")
	if err := os.MkdirAll(filepath.Join(full, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"a.txt", "b.txt", "c.txt"} {
		if err := os.WriteFile(filepath.Join(full, f), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	file := filepath.Join(tmp, "file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	notEgg := filepath.Join(tmp, "notegg")
	if err := os.MkdirAll(notEgg, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(notEgg, "go.mod"), []byte("module example.com/other\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fresh := filepath.Join(tmp, "fresh")
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no DIR", []string{"init"}, 2, "missing DIR, the directory to create the app in"},
		{"two DIRs", []string{"init", "a", "b"}, 2, "one DIR expected, got 2 (a, b)"},
		{"unknown template", []string{"init", "--template", "blog", fresh}, 2, `unknown template "blog"; choose one of: simple, api, site`},
		{"unknown flag", []string{"init", "--tmpl", "api", fresh}, 2, "flag provided but not defined: -tmpl; see `egg help init`"},
		{"non-empty DIR", []string{"init", full}, 1, "is not empty (it has a.txt, b.txt, c.txt and 1 more); choose a new directory, or pass --force"},
		{"DIR is a file", []string{"init", file}, 1, "is a file, not a directory"},
		{"bad module path", []string{"init", "--module", "example.com/my shop", fresh}, 2, `--module "example.com/my shop": character ' ' is not allowed`},
		{"module path with ..", []string{"init", "--module", "example.com/../x", fresh}, 2, `path element ".." is empty or begins or ends with '.'`},
		{"bad name", []string{"init", "--name", "My_Shop", fresh}, 2, `--name "My_Shop": an app name is lower-case letters, digits and '-', starting with a letter, e.g. "my-shop"`},
		{"no name from DIR", []string{"init", filepath.Join(tmp, "123")}, 2, `cannot make an app name from the directory name "123"; pass --name`},
		{"replace without go.mod", []string{"init", "--replace", tmp, fresh}, 2, "no go.mod there"},
		{"replace to another module", []string{"init", "--replace", notEgg, fresh}, 2, `declares "module example.com/other", not module github.com/egg-go/egg`},
		{"egg version", []string{"init", "--egg-version", "latest", fresh}, 2, `--egg-version "latest": give a module version such as`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := egg(tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, want %d; stderr %q, want it to contain %q", code, tt.code, stderr, tt.stderr)
			}
			if !strings.HasPrefix(stderr, "egg init: ") {
				t.Errorf("stderr %q does not start with \"egg init: \"", stderr)
			}
		})
	}
	if _, err := os.Stat(fresh); !os.IsNotExist(err) {
		t.Errorf("a refused init created %s (%v)", fresh, err)
	}
	if entries, _ := os.ReadDir(full); len(entries) != 4 {
		t.Errorf("a refused init changed %s: %d entries, want 4", full, len(entries))
	}
}

// --force writes into a non-empty directory, replacing files of the same
// names and keeping the others.
func TestInitForce(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "shop")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string]string{"main.go": "old", "notes.txt": "mine"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if code, _, stderr := egg("init", dir, "--force"); code != 0 {
		t.Fatalf("init --force: exit %d: %s", code, stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "main.go")); !strings.Contains(string(b), "egg.Run(options()...)") {
		t.Errorf("main.go was not replaced:\n%s", b)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "notes.txt")); string(b) != "mine" {
		t.Errorf("notes.txt = %q, want it kept", b)
	}
}

// Flags go before or after DIR; names and module paths come from DIR.
func TestInitDerivesNames(t *testing.T) {
	tmp := t.TempDir()
	tests := []struct {
		args                    []string
		dir, module, name, envP string
	}{
		{[]string{"init", "shop"}, "shop", "shop", "shop", "SHOP_"},
		{[]string{"init", "My Shop 2", "--template", "api"}, "My Shop 2", "my-shop-2", "my-shop-2", "MY_SHOP_2_"},
		{[]string{"init", "--module", "example.com/acme/shop", "--name", "acme", "x"}, "x", "example.com/acme/shop", "acme", "ACME_"},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			args := slices.Clone(tt.args)
			for i, a := range args {
				if a == tt.dir {
					args[i] = filepath.Join(tmp, a)
				}
			}
			code, stdout, stderr := egg(args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if want := "(module " + tt.module + ")"; !strings.Contains(stdout, want) || !strings.Contains(stdout, "go mod tidy") {
				t.Errorf("stdout %q, want %q and the next steps", stdout, want)
			}
			dir := filepath.Join(tmp, tt.dir)
			read := func(name string) string {
				b, err := os.ReadFile(filepath.Join(dir, name))
				if err != nil {
					t.Fatal(err)
				}
				return string(b)
			}
			if got := read("go.mod"); !strings.HasPrefix(got, "module "+tt.module+"\n\ngo "+goDirective+"\n") ||
				!strings.Contains(got, "require github.com/egg-go/egg "+defaultEggVersion+"\n") || strings.Contains(got, "replace") {
				t.Errorf("go.mod:\n%s", got)
			}
			if got := read("main.go"); !strings.Contains(got, `egg.Name("`+tt.name+`")`) || !strings.Contains(got, `"`+tt.module+`/config"`) {
				t.Errorf("main.go does not name the app %q in module %q:\n%s", tt.name, tt.module, got)
			}
			if got := read("config/config.go"); !strings.Contains(got, `egg.EnvPrefix("`+tt.envP+`")`) {
				t.Errorf("config.go lacks env prefix %s", tt.envP)
			}
		})
	}
}

func TestAppName(t *testing.T) {
	tests := map[string]string{
		"shop": "shop", "Shop": "shop", "my-shop": "my-shop", "my_shop": "my-shop", "My  Shop!": "my-shop",
		"shop2": "shop2", "2shop": "shop", "--x--": "x", "123": "", "日本": "", "café": "caf",
	}
	for in, want := range tests {
		if got := appName(in); got != want {
			t.Errorf("appName(%q) = %q, want %q", in, got, want)
		}
	}
}

// Each template's file list: Egg's layout, nothing left named .tmpl, and
// the template's own files over the base ones.
func TestTemplateFiles(t *testing.T) {
	common := []string{".dockerignore", ".gitignore", "Dockerfile", "Makefile", "README.md", "go.mod", "main.go", "main_test.go",
		"routes_test.go", "config/config.go", "app/app.go", "app/boot.go", "app/router.go",
		"app/middleware/robot.go", "app/middleware/robot_test.go"}
	own := map[string][]string{
		"simple": {"app/controller/home.go", "app/service/greeter.go", "app/service/greeter_test.go"},
		"api":    {"app/controller/posts.go", "app/service/posts.go", "app/service/posts_test.go", "app/service/store.go"},
		"site": {"app/controller/home.go", "app/service/greeter.go", "app/service/greeter_test.go", "app/assets.go",
			"app/view/view.go", "app/view/view_test.go", "app/view/home.html", "app/public/css/site.css"},
	}
	for _, tmpl := range templateNames() {
		t.Run(tmpl, func(t *testing.T) {
			files, err := appFiles(tmpl)
			if err != nil {
				t.Fatal(err)
			}
			want := append(slices.Clone(common), own[tmpl]...)
			var got []string
			for out := range files {
				got = append(got, out)
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("files:\n got %v\nwant %v", got, want)
			}
			if src := files["app/boot.go"]; tmpl == "api" && !strings.HasPrefix(src, "templates/api/") {
				t.Errorf("api's boot.go comes from %s, want its own", src)
			}
		})
	}
	if _, err := appFiles("nope"); err == nil || !strings.Contains(err.Error(), "choose one of: simple, api, site") {
		t.Errorf("appFiles(nope) = %v", err)
	}
}

// Rendered Go files are gofmt'ed; the page template keeps its {{ }}.
func TestGenerateOutput(t *testing.T) {
	dir := t.TempDir()
	data := appData{Module: "example.com/shop", Name: "shop", EnvPrefix: "SHOP_", EggVersion: "v1.2.3",
		GoVersion: goDirective, Replace: "/src/egg", Template: "site", ToolVersion: "(devel)"}
	files, err := generate(dir, "site", data)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "<no value>") {
			t.Errorf("%s has an unfilled template field", f)
		}
	}
	gomod, _ := os.ReadFile(filepath.Join(dir, "go.mod"))
	if !strings.Contains(string(gomod), "require github.com/egg-go/egg v1.2.3\n") ||
		!strings.HasSuffix(string(gomod), "\nreplace github.com/egg-go/egg => /src/egg\n") {
		t.Errorf("go.mod:\n%s", gomod)
	}
	page, _ := os.ReadFile(filepath.Join(dir, "app/view/home.html"))
	if !strings.Contains(string(page), "<h1>{{.Message}}</h1>") {
		t.Errorf("home.html lost its html/template actions:\n%s", page)
	}
	mk, _ := os.ReadFile(filepath.Join(dir, "Makefile"))
	if !regexp.MustCompile(`(?m)^run:\n\tgo run \.$`).Match(mk) || !regexp.MustCompile(`(?m)^test:\n\tgo vet \./\.\.\.\n\tgo test \./\.\.\.$`).Match(mk) {
		t.Errorf("Makefile lacks the run and test targets with tabs:\n%s", mk)
	}
}

// A generated go.mod has egg's own go line.
func TestGoDirectiveMatchesEgg(t *testing.T) {
	gomod, err := os.ReadFile(filepath.Join(repoRoot(t), "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(gomod), "\ngo "+goDirective+"\n") {
		t.Errorf("goDirective is %s, but egg's go.mod says otherwise; keep them equal", goDirective)
	}
}

// routes, config and graph need an app directory.
func TestForwardOutsideAnApp(t *testing.T) {
	t.Chdir(t.TempDir())
	code, _, stderr := egg("routes")
	if code != 2 || !strings.Contains(stderr, "egg routes: no go.mod in") || !strings.Contains(stderr, "./app routes") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}
