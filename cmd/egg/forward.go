package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
)

// forward runs `go run . <cmd> [args]` in the current directory: the app
// binary (egg.Run) answers routes, config and graph itself, so
// `egg routes` there is `go run . routes`. It returns the app's exit status.
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
	c := exec.Command(goBin, append([]string{"run", ".", cmd}, args...)...)
	c.Stdin, c.Stdout, c.Stderr = os.Stdin, stdout, stderr
	if err := c.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) && exit.ExitCode() > 0 {
			return exit.ExitCode()
		}
		fmt.Fprintf(stderr, "egg %s: go run . %s: %v\n", cmd, cmd, err)
		return 1
	}
	return 0
}
