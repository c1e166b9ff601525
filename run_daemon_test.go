//go:build unix

package egg_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// daemonApp builds testdata/daemonapp into a temp dir and returns it and
// a runner for it: each call runs the binary with args in dir (the app's
// base dir) and returns its exit code and combined output.
func daemonApp(t *testing.T) (dir, bin string, runApp func(env []string, args ...string) (int, string)) {
	t.Helper()
	bin = filepath.Join(t.TempDir(), "daemonapp")
	goCmd := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goCmd); err != nil {
		goCmd = "go"
	}
	build := exec.Command(goCmd, "build", "-o", bin, "./testdata/daemonapp")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./testdata/daemonapp: %v\n%s", err, out)
	}
	dir = t.TempDir()
	t.Cleanup(func() { killLeftovers(t, filepath.Join(dir, "run")) })
	return dir, bin, func(env []string, args ...string) (int, string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, bin, args...)
		cmd.Dir = dir
		cmd.Env = append(cleanEnv(), env...)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		var ee *exec.ExitError
		switch {
		case err == nil:
			return 0, out.String()
		case errors.As(err, &ee):
			return ee.ExitCode(), out.String()
		}
		t.Fatalf("%v: %v\n%s", args, err, out.String())
		return 0, ""
	}
}

// cleanEnv is the test's environment without what would change the app.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); k == "PORT" || strings.HasPrefix(k, "EGG_") || strings.HasPrefix(k, "DAEMONAPP_") {
			continue
		}
		env = append(env, kv)
	}
	return env
}

// killLeftovers kills whatever a failed test left running.
func killLeftovers(t *testing.T, runDir string) {
	files, _ := filepath.Glob(filepath.Join(runDir, "*.pid"))
	for _, f := range files {
		b, _ := os.ReadFile(f)
		if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && pid != os.Getpid() && !gone(pid) {
			t.Errorf("process %d from %s still runs after the test; killing it", pid, f)
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	}
}

// gone reports whether the process has exited (a zombie has: nobody may
// reap a daemon here).
func gone(pid int) bool {
	if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
		return true
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return runtime.GOOS == "linux"
	}
	i := bytes.LastIndexByte(b, ')')
	return i > 0 && i+2 < len(b) && (b[i+2] == 'Z' || b[i+2] == 'X')
}

var startedDaemon = regexp.MustCompile(`egg: (\S+) started on (http://127\.0\.0\.1:\d+) \(pid (\d+)\)`)

// startDaemon runs start --daemon and returns the app's URL and pid.
func startDaemon(t *testing.T, runApp func([]string, ...string) (int, string), env []string, title string, extra ...string) (string, int) {
	t.Helper()
	code, out := runApp(env, append([]string{"start", "--daemon", "--port=0", "--env=prod", "--title=" + title}, extra...)...)
	m := startedDaemon.FindStringSubmatch(out)
	if code != 0 || m == nil || m[1] != title {
		t.Fatalf("start --daemon --title=%s: exit %d\n%s", title, code, out)
	}
	pid, _ := strconv.Atoi(m[3])
	return m[2], pid
}

func pingPID(t *testing.T, url string) int {
	t.Helper()
	res, err := http.Get(url + "/ping")
	if err != nil {
		t.Fatalf("GET %s/ping: %v", url, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	pid, err := strconv.Atoi(strings.TrimPrefix(string(b), "pong "))
	if res.StatusCode != 200 || err != nil {
		t.Fatalf("GET %s/ping: %d %q", url, res.StatusCode, b)
	}
	return pid
}

func waitGone(t *testing.T, pid int) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !gone(pid); {
		if time.Now().After(deadline) {
			t.Fatalf("process %d still runs", pid)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// start --daemon returns once the app is ready; stop stops exactly the
// title asked for, removes its pid file and leaves the other title alone.
func TestStartDaemonThenStop(t *testing.T) {
	dir, _, runApp := daemonApp(t)
	alphaURL, alpha := startDaemon(t, runApp, nil, "alpha")
	betaURL, beta := startDaemon(t, runApp, nil, "beta", "--stdout=beta.out", "--stderr=beta.err")
	if got := pingPID(t, alphaURL); got != alpha {
		t.Errorf("alpha's URL answered from pid %d, want %d", got, alpha)
	}
	if got := pingPID(t, betaURL); got != beta {
		t.Errorf("beta's URL answered from pid %d, want %d", got, beta)
	}
	for title, pid := range map[string]int{"alpha": alpha, "beta": beta} {
		b, err := os.ReadFile(filepath.Join(dir, "run", title+".pid"))
		if err != nil || string(b) != strconv.Itoa(pid)+"\n" {
			t.Errorf("run/%s.pid = %q, %v; want %d", title, b, err, pid)
		}
		stdout, stderr := filepath.Join(dir, "logs", title+"-stdout.log"), filepath.Join(dir, "logs", title+"-stderr.log")
		if title == "beta" { // --stdout and --stderr, relative to the working directory
			stdout, stderr = filepath.Join(dir, "beta.out"), filepath.Join(dir, "beta.err")
		}
		logs, _ := os.ReadFile(stderr)
		if !bytes.Contains(logs, []byte("egg started on http://127.0.0.1:")) {
			t.Errorf("%s has no started line:\n%s", stderr, logs)
		}
		if _, err := os.Stat(stdout); err != nil {
			t.Errorf("no stdout file: %v", err)
		}
	}

	// the same title twice: refused with the running one's pid
	code, out := runApp(nil, "start", "--daemon", "--port=0", "--title=alpha")
	if code == 0 || !strings.Contains(out, "alpha did not start: egg: alpha is already running (pid "+strconv.Itoa(alpha)) {
		t.Errorf("second alpha: exit %d\n%s", code, out)
	}

	code, out = runApp(nil, "stop", "--title=alpha", "--timeout=20s")
	if code != 0 || !strings.Contains(out, "egg: alpha stopped") {
		t.Fatalf("stop alpha: exit %d\n%s", code, out)
	}
	waitGone(t, alpha)
	if _, err := os.Stat(filepath.Join(dir, "run", "alpha.pid")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("alpha's pid file is still there: %v", err)
	}
	logs, _ := os.ReadFile(filepath.Join(dir, "logs", "alpha-stderr.log"))
	if !bytes.Contains(logs, []byte("egg stopped")) {
		t.Errorf("alpha did not stop gracefully:\n%s", logs)
	}
	if gone(beta) || pingPID(t, betaURL) != beta {
		t.Fatal("stop --title alpha touched beta")
	}
	code, out = runApp(nil, "stop", "--title=alpha")
	if code != 0 || !strings.Contains(out, "alpha is not running (no pid file") {
		t.Errorf("stopping alpha again: exit %d\n%s", code, out)
	}
	code, out = runApp(nil, "stop", "--title=beta", "--timeout=20000") // Egg's milliseconds
	if code != 0 || !strings.Contains(out, "waiting up to 20s") {
		t.Errorf("stop beta: exit %d\n%s", code, out)
	}
	waitGone(t, beta)
}

// A stop that outlasts --timeout ends in SIGKILL, said on stderr, exit 1,
// and the pid file is removed all the same.
func TestStopKillsAfterTimeout(t *testing.T) {
	dir, _, runApp := daemonApp(t)
	_, pid := startDaemon(t, runApp, []string{"DAEMONAPP_CLOSE_DELAY=1m"}, "slow")
	code, out := runApp(nil, "stop", "--title=slow", "--timeout=300ms")
	if code != 1 || !strings.Contains(out, "slow (pid "+strconv.Itoa(pid)+") did not stop within 300ms (--timeout), so egg sent SIGKILL") {
		t.Errorf("exit %d\n%s", code, out)
	}
	waitGone(t, pid)
	if _, err := os.Stat(filepath.Join(dir, "run", "slow.pid")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("pid file left after SIGKILL: %v", err)
	}
}

// start --daemon fails with the app's own error and exit 1, whether the
// app says why (config, port in use) or dies without a word.
func TestStartDaemonFails(t *testing.T) {
	dir, _, runApp := daemonApp(t)
	busy, pid := startDaemon(t, runApp, nil, "busy")
	defer runApp(nil, "stop", "--title=busy")
	_, port, _ := strings.Cut(strings.TrimPrefix(busy, "http://"), ":")
	tests := []struct {
		env   []string
		args  []string
		wants []string
	}{
		{nil, []string{"--port=99999", "--title=badport"},
			[]string{"badport did not start: egg: module \"egg\" config field Port = 99999 (set by flag --port) is invalid"}},
		{nil, []string{"--port=" + port, "--title=taken"},
			[]string{"taken did not start: egg: cannot listen on 127.0.0.1:" + port}},
		{[]string{"DAEMONAPP_CRASH=1"}, []string{"--title=crash"},
			[]string{"crash did not start: it exited (exit status 3) before it was ready; the end of its stderr:\ndaemonapp: crashing as DAEMONAPP_CRASH asks"}},
		{nil, []string{"--title=../escape"}, []string{`--title "../escape" is not a valid title`}},
		{[]string{"DAEMONAPP_READY_DELAY=1m"}, []string{"--title=late", "--timeout=500ms"},
			[]string{"late did not start: it was not ready after 500ms (--timeout), so egg killed it"}},
	}
	for _, tt := range tests {
		code, out := runApp(tt.env, append([]string{"start", "--daemon"}, tt.args...)...)
		if code == 0 {
			t.Errorf("%v: exit 0\n%s", tt.args, out)
		}
		for _, w := range tt.wants {
			if !strings.Contains(out, w) {
				t.Errorf("%v: missing %q in:\n%s", tt.args, w, out)
			}
		}
	}
	if b, err := os.ReadFile(filepath.Join(dir, "run", "late.pid")); err == nil { // killed: its pid file stays, stale
		late, _ := strconv.Atoi(strings.TrimSpace(string(b)))
		waitGone(t, late)
		os.Remove(filepath.Join(dir, "run", "late.pid"))
	} else {
		t.Errorf("the late app wrote no pid file: %v", err)
	}
	for _, title := range []string{"badport", "taken", "crash"} {
		if _, err := os.Stat(filepath.Join(dir, "run", title+".pid")); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("a failed start left run/%s.pid", title)
		}
	}
	if gone(pid) {
		t.Error("the failed starts took down the running app")
	}
}

// stop refuses to signal a process that is not this app with the title,
// and cleans up a pid file whose process is gone.
func TestStopChecksTheProcess(t *testing.T) {
	dir, _, runApp := daemonApp(t)
	run := filepath.Join(dir, "run")
	if err := os.MkdirAll(run, 0o755); err != nil {
		t.Fatal(err)
	}
	// this test process is alive and is not daemonapp
	if err := os.WriteFile(filepath.Join(run, "other.pid"), []byte(strconv.Itoa(os.Getpid())+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out := runApp(nil, "stop", "--title=other")
	if code != 1 || !strings.Contains(out, "egg: not signalling process "+strconv.Itoa(os.Getpid())) {
		t.Errorf("exit %d\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(run, "other.pid")); err != nil {
		t.Errorf("stop removed the pid file of a process it did not stop: %v", err)
	}
	// a process that has exited
	done := exec.Command(os.Args[0], "-test.run=^$")
	if err := done.Run(); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(run, "dead.pid"), []byte(strconv.Itoa(done.Process.Pid)+"\n"), 0o644)
	code, out = runApp(nil, "stop", "--title=dead")
	if code != 0 || !strings.Contains(out, "dead is not running (process "+strconv.Itoa(done.Process.Pid)+" is gone); removed its stale pid file") {
		t.Errorf("exit %d\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(run, "dead.pid")); !errors.Is(err, os.ErrNotExist) {
		t.Error("stale pid file kept")
	}
	os.WriteFile(filepath.Join(run, "junk.pid"), []byte("hello\n"), 0o644)
	if code, out = runApp(nil, "stop", "--title=junk"); code != 1 || !strings.Contains(out, "does not hold a process id") {
		t.Errorf("exit %d\n%s", code, out)
	}
	if code, out = runApp(nil, "stop", "--port=1"); code != 2 || !strings.Contains(out, "--port applies to start and config") {
		t.Errorf("exit %d\n%s", code, out)
	}
}

// Ctrl-C while start --daemon waits kills the app that is starting.
func TestStartDaemonInterrupted(t *testing.T) {
	dir, bin, _ := daemonApp(t)
	cmd := exec.Command(bin, "start", "--daemon", "--title=intr", "--port=0")
	cmd.Dir = dir
	cmd.Env = append(cleanEnv(), "DAEMONAPP_READY_DELAY=1m")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pidFile := filepath.Join(dir, "run", "intr.pid")
	var child int
	for deadline := time.Now().Add(20 * time.Second); child == 0; time.Sleep(10 * time.Millisecond) {
		if b, err := os.ReadFile(pidFile); err == nil {
			child, _ = strconv.Atoi(strings.TrimSpace(string(b)))
		} else if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("the background app wrote no pid file: %s", out.String())
		}
	}
	_ = cmd.Process.Signal(syscall.SIGINT)
	err := cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 || !strings.Contains(out.String(), "intr did not start: interrupted (interrupt) while waiting for it, so egg killed it") {
		t.Errorf("%v\n%s", err, out.String())
	}
	waitGone(t, child)
	os.Remove(pidFile)
}

// A second instance started in the foreground from the same directory with
// the default title (two ports behind a balancer, a test starting two
// instances) serves beside the first: only daemons and chosen titles hold
// one process per title.
func TestForegroundStartBesideARunningInstance(t *testing.T) {
	dir, bin, runApp := daemonApp(t)
	code, out := runApp(nil, "start", "--daemon", "--port=0", "--env=prod")
	if code != 0 {
		t.Fatalf("start --daemon: exit %d\n%s", code, out)
	}
	defer runApp(nil, "stop")

	cmd := exec.Command(bin, "start", "--port=0", "--env=prod")
	cmd.Dir, cmd.Env = dir, cleanEnv()
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 64)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	warned, started := false, false
	timeout := time.After(30 * time.Second)
	for !(warned && started) {
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatalf("the second instance exited (warned %v, started %v): %v", warned, started, cmd.Wait())
			}
			warned = warned || strings.Contains(line, "serving without a pid file")
			started = started || strings.Contains(line, "egg started on")
		case <-timeout:
			_ = cmd.Process.Kill()
			t.Fatalf("the second instance did not start beside the first (warned %v, started %v)", warned, started)
		}
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	go func() {
		for range lines {
		}
	}()
	if err := cmd.Wait(); err != nil {
		t.Errorf("the second instance did not stop cleanly: %v", err)
	}
}
