package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
)

// forward builds the app in the current directory and runs it with
// `<cmd> [args]`: the app binary (egg.Run) answers routes, config and
// graph itself, so `egg routes` there is `go build` then `./app routes`.
// It returns the app's exit status (go run would turn every failure into
// 1 and add a line of its own).
func forward(cmd string, args []string, stdout, stderr io.Writer) int {
	if _, err := os.Stat("go.mod"); err != nil {
		wd, _ := os.Getwd()
		fmt.Fprintf(stderr, "egg %s: no go.mod in %s; run it in the directory of an egg app (the one with main.go), or run the app binary: ./app %s\n", cmd, wd, cmd)
		return 2
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		fmt.Fprintf(stderr, "egg %s: the go command is not on PATH (%v); install Go, or run the app binary: ./app %s\n", cmd, err, cmd)
		return 1
	}
	tmp, err := os.MkdirTemp("", "egg-"+cmd+"-")
	if err != nil {
		fmt.Fprintf(stderr, "egg %s: %v\n", cmd, err)
		return 1
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "app")
	build := exec.Command(goBin, "build", "-o", bin, ".")
	build.Stdout, build.Stderr = stderr, stderr
	if err := build.Run(); err != nil {
		fmt.Fprintf(stderr, "egg %s: go build . failed (%v); fix the build, then run it again\n", cmd, err)
		return 1
	}
	app := exec.Command(bin, append([]string{cmd}, args...)...)
	app.Stdin, app.Stdout, app.Stderr = os.Stdin, stdout, stderr
	if err := app.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) && exit.ExitCode() > 0 {
			return exit.ExitCode()
		}
		fmt.Fprintf(stderr, "egg %s: running the app: %v\n", cmd, err)
		return 1
	}
	return 0
}
