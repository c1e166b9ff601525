//go:build unix

package egg

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"go.uber.org/fx"
)

// childReadyPipe finds the ready pipe of the background process of start
// --daemon. isChild is false when this process is not one; pipe is nil
// when it is one whose pipe is unusable (its parent is gone).
func childReadyPipe() (pipe *readyPipe, isChild bool) {
	v, ok := os.LookupEnv(daemonEnv)
	if !ok {
		return nil, false
	}
	_ = os.Unsetenv(daemonEnv)
	fdText, ppidText, _ := strings.Cut(v, ":")
	fd, err1 := strconv.Atoi(fdText)
	ppid, err2 := strconv.Atoi(ppidText)
	if err1 != nil || err2 != nil || fd < 3 || ppid != os.Getppid() {
		return nil, true
	}
	var st syscall.Stat_t
	if syscall.Fstat(fd, &st) != nil || st.Mode&syscall.S_IFMT != syscall.S_IFIFO {
		return nil, true
	}
	syscall.CloseOnExec(fd)
	return &readyPipe{f: os.NewFile(uintptr(fd), "egg-ready")}, true
}

// daemonize is start --daemon: it runs this binary again in a new session
// (Go cannot fork), its standard output and error appended to files,
// waits until the app reports that it is ready or failed, and returns.
func daemonize(stdout, stderr io.Writer, sig <-chan os.Signal, opts []fx.Option, f *startFlags) int {
	fail := func(err error) int {
		fmt.Fprintln(stderr, err)
		return 1
	}
	info, err := appInfoOf(opts)
	if err != nil {
		return fail(err)
	}
	title := f.title
	if title == "" {
		title = defaultTitle(info.name)
	}
	outPath := daemonLogPath(f.stdout, info.baseDir, title, "stdout")
	errPath := daemonLogPath(f.stderr, info.baseDir, title, "stderr")
	exe, err := selfExe()
	if err != nil {
		return fail(err)
	}
	outFile, err := openAppend(outPath, "--stdout")
	if err != nil {
		return fail(err)
	}
	defer outFile.Close()
	errFile, err := openAppend(errPath, "--stderr")
	if err != nil {
		return fail(err)
	}
	defer errFile.Close()
	errFrom, _ := errFile.Seek(0, io.SeekEnd)
	devNull, err := os.Open(os.DevNull)
	if err != nil {
		return fail(err)
	}
	defer devNull.Close()
	r, w, err := os.Pipe()
	if err != nil {
		return fail(err)
	}
	defer r.Close()
	cmd := exec.Command(exe, f.childArgs(title)...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = devNull, outFile, errFile
	cmd.ExtraFiles = []*os.File{w} // fd 3
	cmd.Env = append(os.Environ(), daemonEnv+"=3:"+strconv.Itoa(os.Getpid()))
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	err = cmd.Start()
	w.Close()
	if err != nil {
		return fail(fmt.Errorf("egg: cannot run %s in the background: %w", exe, err))
	}
	msgs := make(chan string, 1)
	go func() {
		b, _ := io.ReadAll(io.LimitReader(r, 64<<10))
		msgs <- string(b)
	}()
	timer := time.NewTimer(time.Duration(f.timeout))
	defer timer.Stop()
	var why string
	read := false
	select {
	case s := <-msgs:
		read = true
		m := parseReadyMessage(s)
		if m.ready {
			pid := cmd.Process.Pid
			_ = cmd.Process.Release()
			fmt.Fprintf(stdout, "egg: %s started on %s (pid %d)\n  pid file: %s\n  stdout:   %s\n  stderr:   %s (the app logs here)\n  stop it:  %s stop --title %s\n",
				title, m.url, pid, m.pidFile, outPath, errPath, filepath.Base(os.Args[0]), title)
			return 0
		}
		why = m.err
	case <-timer.C:
		why = fmt.Sprintf("it was not ready after %s (--timeout), so egg killed it", time.Duration(f.timeout))
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // its whole session
	case s := <-sig:
		why = fmt.Sprintf("interrupted (%s) while waiting for it, so egg killed it", s)
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	werr := cmd.Wait()
	r.Close()
	if !read {
		<-msgs
	}
	if why == "" { // it died without a word: its exit status and last lines say why
		why = fmt.Sprintf("it exited (%v) before it was ready", werr)
		if tail := fileTail(errPath, errFrom, 2000); tail != "" {
			why += "; the end of its stderr:\n" + tail
		}
	}
	fmt.Fprintf(stderr, "egg: %s did not start: %s\n  its output: %s, %s\n", title, why, outPath, errPath)
	return 1
}

// daemonLogPath is --stdout/--stderr as given (relative to the working
// directory), else logs/{title}-{which}.log under the app's base dir.
func daemonLogPath(given, baseDir, title, which string) string {
	if given != "" {
		return given
	}
	return filepath.Join(baseDir, "logs", title+"-"+which+".log")
}

// openAppend opens a daemon's output file for appending, making its
// directory.
func openAppend(path, flagName string) (*os.File, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("egg: cannot make the directory of %s (%s): %w", path, flagName, err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("egg: cannot open %s (%s): %w; choose a writable file with %s", path, flagName, err, flagName)
	}
	return f, nil
}

// fileTail is up to max bytes written to path after offset from, trimmed.
func fileTail(path string, from int64, max int64) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size()-from > max {
		from = st.Size() - max
	}
	if _, err := f.Seek(from, io.SeekStart); err != nil {
		return ""
	}
	b, err := io.ReadAll(io.LimitReader(f, max))
	if err != nil && !errors.Is(err, io.EOF) {
		return ""
	}
	return string(bytes.TrimSpace(b))
}
