package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// repoRoot is this checkout's root, found from this test file's path.
func repoRoot(t *testing.T) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate the test file")
	}
	root := filepath.Join(filepath.Dir(file), "..", "..")
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil || !strings.HasPrefix(string(gomod), "module "+eggModule+"\n") {
		t.Fatalf("%s is not egg's checkout (go.mod: %v)", root, err)
	}
	return root
}

// goEnv is the environment of the go commands run on a generated app: the
// test's, with module mode on its own (no go.work, go.mod updated as
// needed), the module proxy as configured, and the build cache shared.
func goEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GOFLAGS=") && !strings.HasPrefix(kv, "GOWORK=") {
			env = append(env, kv)
		}
	}
	return append(env, "GOFLAGS=-mod=mod", "GOWORK=off")
}

// goIn runs the go command in dir and fails the test with its output.
func goIn(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir, cmd.Env = dir, goEnv()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go %s in %s: %v\n%s", strings.Join(args, " "), dir, err, out)
	}
	return string(out)
}

// Each template, generated with a replace to this checkout, passes go vet
// and its own tests with no edits, and the image's two build commands
// (the app and egg's health checker, with the Dockerfile's flags) work.
//
// go.sum is made by `go mod tidy` from this checkout's go.sum, so that no
// checksum is fetched: the test runs offline from the module cache.
func TestInitTemplatesBuildAndPass(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and tests three generated apps; skipped with -short")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("the go command is not on PATH")
	}
	root := repoRoot(t)
	sums, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tmpl := range templateNames() {
		t.Run(tmpl, func(t *testing.T) {
			t.Parallel() // the go commands share one build cache
			dir := filepath.Join(t.TempDir(), "my-"+tmpl)
			var stdout, stderr bytes.Buffer
			if code := run([]string{"init", "--template", tmpl, "--replace", root, dir}, &stdout, &stderr); code != 0 {
				t.Fatalf("egg init exited %d: %s", code, stderr.String())
			}
			if err := os.WriteFile(filepath.Join(dir, "go.sum"), sums, 0o644); err != nil {
				t.Fatal(err)
			}
			goIn(t, dir, "mod", "tidy")
			goIn(t, dir, "vet", "./...")
			out := goIn(t, dir, "test", "-count=1", "./...")
			if !strings.Contains(out, "ok  \tmy-"+tmpl+"\t") || strings.Contains(out, "FAIL") {
				t.Errorf("go test ./... did not pass the main package:\n%s", out)
			}
			bin := t.TempDir()
			goIn(t, dir, "build", "-trimpath", "-ldflags=-s -w", "-o", filepath.Join(bin, "app"), ".")
			goIn(t, dir, "build", "-trimpath", "-ldflags=-s -w", "-o", filepath.Join(bin, "healthcheck"), eggModule+"/deploy/healthcheck")

			if tmpl == "simple" { // egg routes and config run the app's own subcommands
				cmd := exec.Command(os.Args[0], "-test.run=^TestHelperEgg$")
				cmd.Dir = dir
				cmd.Env = append(goEnv(), "EGG_HELPER_ARGS=routes")
				got, err := cmd.CombinedOutput()
				if err != nil || !strings.Contains(string(got), "home") || !strings.Contains(string(got), "*controller.Home.Index") {
					t.Errorf("egg routes in the app: %v\n%s", err, got)
				}
				cmd = exec.Command(os.Args[0], "-test.run=^TestHelperEgg$")
				cmd.Dir = dir
				cmd.Env = append(goEnv(), "EGG_HELPER_ARGS=config --bogus")
				got, err = cmd.CombinedOutput()
				var exit *exec.ExitError
				if !errors.As(err, &exit) || exit.ExitCode() != 2 || !strings.Contains(string(got), "flag provided but not defined: -bogus") {
					t.Errorf("egg config --bogus: want the app's exit status 2 and its message; got %v\n%s", err, got)
				}
			}
		})
	}
}

// TestHelperEgg runs the tool in a child process (for commands that use
// the working directory); it does nothing in a normal test run.
func TestHelperEgg(t *testing.T) {
	args := os.Getenv("EGG_HELPER_ARGS")
	if args == "" {
		return
	}
	os.Exit(run(strings.Fields(args), os.Stdout, os.Stderr))
}
