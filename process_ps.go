//go:build unix

package egg

import (
	"os/exec"
	"strconv"
	"strings"
	"syscall"
)

// readProcPS asks ps(1) about a process: readProc on Unix systems without
// /proc. The executable stays unknown; arguments are split at spaces,
// which titles never contain.
func readProcPS(pid int) (procInfo, error) {
	out, err := exec.Command("ps", "-p", strconv.Itoa(pid), "-o", "stat=", "-o", "command=").Output()
	if err != nil {
		if _, ok := err.(*exec.ExitError); ok {
			return procInfo{}, nil // ps exits 1 for a pid that does not exist
		}
		return procInfo{}, err
	}
	fields := strings.Fields(string(out))
	if len(fields) == 0 || strings.HasPrefix(fields[0], "Z") {
		return procInfo{}, nil
	}
	return procInfo{alive: true, args: fields[1:], access: syscall.Kill(pid, 0) == nil}, nil
}
