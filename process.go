package egg

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// procInfo is what egg can learn about another process before it signals
// it: whether it still runs, its executable and its arguments.
type procInfo struct {
	alive  bool     // exists and has not exited (a zombie has exited)
	exe    string   // executable path, "" when unknown (another user's process)
	args   []string // command line, argv[0] first
	access bool     // egg may signal it (same user or root)
}

// errProcUnsupported is returned where egg cannot inspect or signal
// processes (outside Unix).
var errProcUnsupported = errors.New("egg: start --daemon and stop need a Unix system (Linux, macOS, BSD); " +
	"elsewhere run the app under the system's service manager and stop it there")

// titlePattern is what a process title may be: it names the pid file.
var titlePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$`)

// checkTitle refuses a title that cannot name a pid file safely.
func checkTitle(title string) error {
	if !titlePattern.MatchString(title) {
		return fmt.Errorf("egg: --title %q is not a valid title; use 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit (default egg-server-{app})", Clip(title))
	}
	return nil
}

// defaultTitle is the process title `start` and `stop` use without
// --title (Egg's egg-server-{name}): the app name with any character a
// title cannot hold replaced by '-'.
func defaultTitle(appName string) string {
	b := []byte("egg-server-" + appName)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			b[i] = '-'
		}
	}
	if len(b) > 100 {
		b = b[:100]
	}
	return string(b)
}

// titleArg finds the --title given on a command line.
func titleArg(args []string) (string, bool) {
	for i := 1; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break
		}
		name := strings.TrimLeft(a, "-")
		if len(a)-len(name) == 0 || len(a)-len(name) > 2 {
			continue
		}
		if v, ok := strings.CutPrefix(name, "title="); ok {
			return v, true
		}
		if name == "title" && i+1 < len(args) {
			return args[i+1], true
		}
	}
	return "", false
}

// runsAs reports whether the process is an instance of this binary
// running under title, with the reason when it is not. The binary
// matches when the process's executable is self (also after self was
// replaced on disk: Linux shows "path (deleted)"), or has self's base name
// and either names the title explicitly (a release directory that moved)
// or its executable cannot be read (systems without /proc). The title
// matches when its --title is title, or it gives none and title is the
// default one.
func (p procInfo) runsAs(self, title string, isDefault bool) (bool, string) {
	if len(p.args) == 0 {
		return false, "its command line cannot be read"
	}
	cmdline := Clip(strings.Join(p.args, " "))
	t, named := titleArg(p.args)
	if named && t != title {
		return false, fmt.Sprintf("it runs with --title %q (%s)", Clip(t), cmdline)
	}
	if !named && !isDefault {
		return false, fmt.Sprintf("its command line (%s) does not say --title %s", cmdline, title)
	}
	exe := strings.TrimSuffix(p.exe, " (deleted)")
	sameName := filepath.Base(p.args[0]) == filepath.Base(self) || (exe != "" && filepath.Base(exe) == filepath.Base(self))
	if (exe != "" && sameFile(exe, self)) || (sameName && (named || exe == "")) {
		return true, ""
	}
	return false, fmt.Sprintf("it runs %s, not %s", cmdline, self)
}

// sameFile compares two paths, following symbolic links.
func sameFile(a, b string) bool {
	if a == b {
		return true
	}
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(sa, sb)
}

// selfExe is this binary's path, symbolic links resolved.
func selfExe() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("egg: cannot find this program's executable: %w", err)
	}
	if r, err := filepath.EvalSymlinks(exe); err == nil {
		exe = r
	}
	return exe, nil
}
