//go:build unix

package nofx_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/_examples/embed/nofx"
)

// egg, started inside a host, installs no signal handler: SIGINT still
// does what it does to any Go program without one (the process dies of
// it), so the host alone decides how to stop. The test runs itself as a
// child process that starts the service and waits.
func TestEggInstallsNoSignalHandler(t *testing.T) {
	if os.Getenv("EMBED_SIGNAL_CHILD") == "1" {
		svc, err := nofx.New(slog.New(slog.NewTextHandler(io.Discard, nil)), egg.Env("unittest"))
		if err == nil {
			err = svc.Start(context.Background())
		}
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(3)
		}
		fmt.Println("ready")
		time.Sleep(10 * time.Second)
		fmt.Println("survived SIGINT")
		os.Exit(0)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestEggInstallsNoSignalHandler$", "-test.count=1")
	cmd.Env = append(os.Environ(), "EMBED_SIGNAL_CHILD=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	if !sc.Scan() || sc.Text() != "ready" {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Fatalf("child did not start: %q", sc.Text())
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, out)
	err = cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("child exited with %v; want it killed by SIGINT", err)
	}
	ws, ok := ee.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() || ws.Signal() != syscall.SIGINT {
		t.Fatalf("child ended with %v; want it killed by SIGINT (egg must not catch signals)", err)
	}
}
