package egg

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"go.uber.org/fx"
)

// stopFlags are stop's own flags (Egg's egg-scripts stop).
type stopFlags struct {
	title   string
	timeout msDuration
}

// defaultStopTimeout is how long stop waits before SIGKILL: longer than
// Egg's 5 s, so that the default drain (1 s) and shutdown (10 s) windows
// and the BeforeClose hooks fit.
const defaultStopTimeout = 30 * time.Second

// stopPoll is how often stop looks whether the process has exited.
const stopPoll = 50 * time.Millisecond

func addStopFlags(fs *flag.FlagSet) *stopFlags {
	f := &stopFlags{timeout: msDuration(defaultStopTimeout)}
	fs.StringVar(&f.title, "title", "", "")
	fs.Var(&f.timeout, "timeout", "")
	return f
}

// runStop is the stop subcommand: SIGTERM to the process named by this
// app's pid file for the title — after checking that it is alive and is
// this binary running under that title — then SIGKILL after the timeout.
// Unlike Egg's stop, it never looks for other processes: two apps, or two
// titles of one app, on the same host are left alone (eggjs/egg#3887).
func runStop(stdout, stderr io.Writer, opts []fx.Option, f *stopFlags) int {
	info, err := appInfoOf(opts)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	title := f.title
	if title == "" {
		title = defaultTitle(info.name)
	} else if err := checkTitle(title); err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	path := filepath.Join(info.runDir, title+".pid")
	pid, err := readPIDFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(stdout, "egg: %s is not running (no pid file %s)\n", title, path)
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "egg: %v; remove it if no app titled %s runs\n", err, title)
		return 1
	}
	p, err := readProc(pid)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if !p.alive {
		removePIDFileOf(path, pid)
		fmt.Fprintf(stdout, "egg: %s is not running (process %d is gone); removed its stale pid file %s\n", title, pid, path)
		return 0
	}
	self, err := selfExe()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if ok, why := p.runsAs(self, title, title == defaultTitle(info.name)); !ok {
		fmt.Fprintf(stderr, "egg: not signalling process %d from %s: %s. The pid file is stale; remove it if no app titled %s runs\n",
			pid, path, why, title)
		return 1
	}
	if !p.access {
		fmt.Fprintf(stderr, "egg: process %d (%s) belongs to another user; run stop as that user\n", pid, title)
		return 1
	}
	timeout := time.Duration(f.timeout)
	if err := signalProcess(pid, syscall.SIGTERM); err != nil {
		fmt.Fprintf(stderr, "egg: cannot signal process %d (%s): %v\n", pid, title, err)
		return 1
	}
	fmt.Fprintf(stdout, "egg: stopping %s (pid %d, SIGTERM), waiting up to %s\n", title, pid, timeout)
	if waitExit(pid, timeout) {
		removePIDFileOf(path, pid)
		fmt.Fprintf(stdout, "egg: %s stopped\n", title)
		return 0
	}
	_ = signalProcess(pid, syscall.SIGKILL)
	waitExit(pid, 5*time.Second)
	removePIDFileOf(path, pid)
	fmt.Fprintf(stderr, "egg: %s (pid %d) did not stop within %s (--timeout), so egg sent SIGKILL: requests still in flight were cut off. "+
		"Raise --timeout above the app's drain and shutdown windows (EGG_DRAIN_TIMEOUT + EGG_SHUTDOWN_TIMEOUT)\n", title, pid, timeout)
	return 1
}

// waitExit waits up to timeout for the process to exit.
func waitExit(pid int, timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for {
		if p, err := readProc(pid); err == nil && !p.alive {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(stopPoll)
	}
}

// removePIDFileOf removes the pid file if it still names pid (the app
// removes its own when it exits; not after SIGKILL).
func removePIDFileOf(path string, pid int) {
	if got, err := readPIDFile(path); err == nil && got == pid {
		_ = os.Remove(path)
	}
}
