//go:build linux

package egg

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"strconv"
	"syscall"
)

// readProc reads a process from /proc.
func readProc(pid int) (procInfo, error) {
	dir := "/proc/" + strconv.Itoa(pid)
	stat, err := os.ReadFile(dir + "/stat")
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ESRCH) {
		return procInfo{}, nil
	}
	if err != nil {
		return procInfo{}, err
	}
	// pid (comm) state ...: comm may hold spaces and parentheses
	if i := bytes.LastIndexByte(stat, ')'); i >= 0 && i+2 < len(stat) {
		if s := stat[i+2]; s == 'Z' || s == 'X' {
			return procInfo{}, nil // exited, waiting for its parent to reap it
		}
	}
	p := procInfo{alive: true, access: syscall.Kill(pid, 0) == nil}
	if b, err := os.ReadFile(dir + "/cmdline"); err == nil {
		for _, a := range bytes.Split(bytes.TrimRight(b, "\x00"), []byte{0}) {
			p.args = append(p.args, string(a))
		}
		if len(b) == 0 {
			p.args = nil // a kernel thread
		}
	}
	p.exe, _ = os.Readlink(dir + "/exe") // fails for another user's process
	return p, nil
}
