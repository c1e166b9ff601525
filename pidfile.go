package egg

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// pidFile is the pid file of a running app: {RunDir}/{title}.pid, holding
// its process id and a newline (what systemd's PIDFile= and
// `kill $(cat run/NAME.pid)` read).
type pidFile struct {
	path string
	pid  int
}

// claimPIDFile writes this process's id to path. It refuses when the file
// names a live instance of this binary with the same title, and replaces
// it, saying so on warn, when it is stale (the process is gone, or the id
// now belongs to another program).
func claimPIDFile(path, title string, isDefault bool, warn io.Writer) (*pidFile, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("egg: cannot make the run directory for the pid file %s: %w; make it writable or choose another with EGG_RUN_DIR", path, err)
	}
	self := os.Getpid()
	for range 2 {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			_, werr := fmt.Fprintf(f, "%d\n", self)
			if cerr := f.Close(); werr == nil {
				werr = cerr
			}
			if werr != nil {
				_ = os.Remove(path)
				return nil, fmt.Errorf("egg: cannot write the pid file %s: %w", path, werr)
			}
			return &pidFile{path: path, pid: self}, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("egg: cannot write the pid file %s: %w; make the run directory writable or choose another with EGG_RUN_DIR", path, err)
		}
		stale, err := staleReason(path, title, isDefault, self)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(warn, "egg: replacing the stale pid file %s: %s\n", path, stale)
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("egg: cannot remove the stale pid file %s: %w", path, err)
		}
	}
	return nil, fmt.Errorf("egg: cannot claim the pid file %s: another start with --title %s is running at the same moment", path, title)
}

// staleReason says why an existing pid file is stale, or returns the
// error that refuses the start: the app already runs.
func staleReason(path, title string, isDefault bool, self int) (string, error) {
	pid, err := readPIDFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "it was just removed", nil
	}
	if err != nil {
		return err.Error(), nil
	}
	if pid == self {
		return "it names this very process (an earlier run in a container that reused the id)", nil
	}
	p, err := readProc(pid)
	if err != nil {
		return "", fmt.Errorf("egg: the pid file %s exists (pid %d) and egg cannot tell whether that process is this app: %w; remove the file if no app titled %s runs", path, pid, err, title)
	}
	if !p.alive {
		return fmt.Sprintf("process %d is not running", pid), nil
	}
	exe, err := selfExe()
	if err != nil {
		return "", err
	}
	if ok, why := p.runsAs(exe, title, isDefault); !ok {
		return fmt.Sprintf("process %d is another program: %s", pid, why), nil
	}
	return "", fmt.Errorf("egg: %s is already running (pid %d, pid file %s); stop it first with `%s stop --title %s`, or start this one with another --title",
		title, pid, path, filepath.Base(os.Args[0]), title)
}

// remove deletes the pid file if it still names this process.
func (p *pidFile) remove() {
	if pid, err := readPIDFile(p.path); err == nil && pid == p.pid {
		_ = os.Remove(p.path)
	}
}

// readPIDFile reads the process id from a pid file.
func readPIDFile(path string) (int, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	line, _, _ := strings.Cut(string(b), "\n")
	pid, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil || pid <= 0 {
		return 0, fmt.Errorf("the pid file %s does not hold a process id (%q)", path, Clip(strings.TrimSpace(line)))
	}
	return pid, nil
}
