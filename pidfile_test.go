//go:build unix

package egg

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestClaimPIDFile(t *testing.T) {
	exited := exec.Command(os.Args[0], "-test.run=^$")
	if err := exited.Run(); err != nil {
		t.Fatal(err)
	}
	self := strconv.Itoa(os.Getpid())
	tests := []struct {
		name   string
		old    string // "" = no file
		warned string
	}{
		{"no file", "", ""},
		{"process gone", strconv.Itoa(exited.Process.Pid), "is not running"},
		{"another program", strconv.Itoa(os.Getppid()), "is another program"},
		{"this very process", self, "names this very process"},
		{"not a pid", "hello", "does not hold a process id"},
		{"negative", "-4", "does not hold a process id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "run", "blue.pid")
			if tt.old != "" {
				os.MkdirAll(filepath.Dir(path), 0o755)
				os.WriteFile(path, []byte(tt.old+"\n"), 0o644)
			}
			var warn bytes.Buffer
			pf, err := claimPIDFile(path, "blue", false, &warn)
			if err != nil {
				t.Fatal(err)
			}
			if b, _ := os.ReadFile(path); string(b) != self+"\n" {
				t.Errorf("pid file holds %q", b)
			}
			if tt.warned == "" && warn.Len() > 0 || !strings.Contains(warn.String(), tt.warned) {
				t.Errorf("warning %q, want %q", warn.String(), tt.warned)
			}
			pf.remove()
			if _, err := os.Stat(path); !os.IsNotExist(err) {
				t.Errorf("remove left the file: %v", err)
			}
		})
	}
}

// remove leaves a pid file that another process has claimed since.
func TestPIDFileRemoveKeepsAnotherProcesssFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "blue.pid")
	pf, err := claimPIDFile(path, "blue", false, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(path, []byte("12345\n"), 0o644)
	pf.remove()
	if b, _ := os.ReadFile(path); string(b) != "12345\n" {
		t.Errorf("remove deleted or changed another process's pid file: %q", b)
	}
}

func TestClaimPIDFileUnwritable(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "run")
	os.WriteFile(blocker, nil, 0o644) // a file where the run dir should be
	_, err := claimPIDFile(filepath.Join(blocker, "blue.pid"), "blue", false, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "cannot make the run directory") || !strings.Contains(err.Error(), "EGG_RUN_DIR") {
		t.Errorf("got %v", err)
	}
}
