package deploy

import (
	"bufio"
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// dockerfile is deploy/Dockerfile as instructions: continuation lines
// joined, comments dropped.
func dockerfile(t *testing.T) []string {
	t.Helper()
	f, err := os.Open("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	var cur strings.Builder
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasSuffix(line, "\\") {
			cur.WriteString(strings.TrimSuffix(line, "\\") + " ")
			continue
		}
		cur.WriteString(line)
		out = append(out, cur.String())
		cur.Reset()
	}
	return out
}

// shellWords splits a shell command on spaces, honouring single and
// double quotes (enough for the Dockerfile's go build lines).
func shellWords(s string) []string {
	var words []string
	var w strings.Builder
	in, quote := false, rune(0)
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			w.WriteRune(r)
		case r == '\'' || r == '"':
			quote, in = r, true
		case r == ' ' || r == '\t':
			if in {
				words = append(words, w.String())
				w.Reset()
				in = false
			}
		default:
			w.WriteRune(r)
			in = true
		}
	}
	if in {
		words = append(words, w.String())
	}
	return words
}

// goBuilds returns the arguments of each `go build` in the build stage's
// RUN instructions, after "go build".
func goBuilds(t *testing.T, instrs []string) [][]string {
	t.Helper()
	var builds [][]string
	for _, in := range instrs {
		if !strings.HasPrefix(in, "RUN ") {
			continue
		}
		for _, cmd := range strings.Split(in, "&&") {
			words := shellWords(strings.TrimSpace(cmd))
			for i := 0; i+1 < len(words); i++ {
				if words[i] == "go" && words[i+1] == "build" {
					builds = append(builds, words[i+2:])
				}
			}
		}
	}
	return builds
}

func TestDockerfileShape(t *testing.T) {
	instrs := dockerfile(t)
	has := func(prefix string) string {
		for _, in := range instrs {
			if strings.HasPrefix(in, prefix) {
				return in
			}
		}
		t.Errorf("Dockerfile has no %q instruction", prefix)
		return ""
	}
	if env := has("ENV CGO_ENABLED=0"); !strings.Contains(env, "GOWORK=off") {
		t.Errorf("build stage ENV = %q, want CGO_ENABLED=0 and GOWORK=off", env)
	}
	var froms []string
	for _, in := range instrs {
		if strings.HasPrefix(in, "FROM ") {
			froms = append(froms, in)
		}
	}
	if len(froms) != 2 || !strings.Contains(froms[0], " AS build") {
		t.Fatalf("want two stages, build then runtime; got %q", froms)
	}
	if final := froms[1]; !strings.Contains(final, "distroless/static") && final != "FROM scratch" {
		t.Errorf("runtime stage %q: want distroless static or scratch", final)
	}
	if user := has("USER "); user == "USER root" || user == "USER 0" || strings.HasPrefix(user, "USER 0:") {
		t.Errorf("runtime user %q: want non-root", user)
	}
	if hc := has("HEALTHCHECK "); !strings.Contains(hc, `CMD ["/healthcheck"]`) {
		t.Errorf("HEALTHCHECK %q: want the exec form of /healthcheck (no shell in the image)", hc)
	}
	has(`ENTRYPOINT ["/app"]`)
	builds := goBuilds(t, instrs)
	if len(builds) != 2 {
		t.Fatalf("want two go build commands (the app, the health checker), got %q", builds)
	}
	for _, b := range builds {
		joined := strings.Join(b, " ")
		if !strings.Contains(joined, "-trimpath") || !strings.Contains(joined, "-ldflags=-s -w") && !strings.Contains(joined, "-ldflags -s -w") {
			t.Errorf("go build %s: want -trimpath and -ldflags='-s -w'", joined)
		}
	}
}

// The binaries the Dockerfile builds, built here with its flags, are
// statically linked (no ELF interpreter, no dynamic section), stripped,
// and hold no path of this machine. No Docker engine runs here, so the
// image itself is not built.
func TestImageBinariesAreStatic(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the example binary; skipped with -short")
	}
	if runtime.GOOS != "linux" {
		t.Skip("checks an ELF binary: linux only")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	builds := goBuilds(t, dockerfile(t))
	if len(builds) != 2 {
		t.Fatalf("want two go build commands in the Dockerfile, got %d", len(builds))
	}
	out := t.TempDir()
	dirs := []string{filepath.Join(root, "_examples", "hello"), root} // cd _examples/${EXAMPLE}; cd /src
	for i, args := range builds {
		args = withOutputIn(t, args, out)
		cmd := exec.Command("go", append([]string{"build"}, args...)...)
		cmd.Dir = dirs[i]
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOWORK=off") // the Dockerfile's ENV
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build %s in %s: %v\n%s", strings.Join(args, " "), cmd.Dir, err, b)
		}
	}
	for _, name := range []string{"app", "healthcheck"} {
		path := filepath.Join(out, name)
		f, err := elf.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range f.Progs {
			if p.Type == elf.PT_INTERP || p.Type == elf.PT_DYNAMIC {
				t.Errorf("%s has a %s program header: it is dynamically linked", name, p.Type)
			}
		}
		if libs, _ := f.ImportedLibraries(); len(libs) > 0 {
			t.Errorf("%s imports shared libraries %v", name, libs)
		}
		if f.Section(".symtab") != nil {
			t.Errorf("%s has a symbol table: -ldflags=-s was not applied", name)
		}
		f.Close()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), root) {
			t.Errorf("%s contains the build path %s: -trimpath was not applied", name, root)
		}
	}
}

// withOutputIn points the -o of a Dockerfile build into dir,
// keeping the file name.
func withOutputIn(t *testing.T, args []string, dir string) []string {
	t.Helper()
	out := append([]string(nil), args...)
	for i := 0; i+1 < len(out); i++ {
		if out[i] == "-o" {
			out[i+1] = filepath.Join(dir, filepath.Base(out[i+1]))
			return out
		}
	}
	t.Fatalf("go build %q has no -o", args)
	return nil
}
