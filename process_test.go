//go:build unix

package egg

import (
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestTitleArg(t *testing.T) {
	tests := []struct {
		args  []string
		title string
		found bool
	}{
		{[]string{"/bin/shop", "start", "--title", "a"}, "a", true},
		{[]string{"/bin/shop", "start", "--title=b"}, "b", true},
		{[]string{"/bin/shop", "-title=c"}, "c", true},
		{[]string{"/bin/shop", "start", "---title=d"}, "", false},
		{[]string{"/bin/shop", "start", "--", "--title=e"}, "", false},
		{[]string{"/bin/shop", "start", "--title"}, "", false},
		{[]string{"--title=argv0"}, "", false},
		{[]string{"/bin/shop", "start"}, "", false},
	}
	for _, tt := range tests {
		if got, ok := titleArg(tt.args); got != tt.title || ok != tt.found {
			t.Errorf("%q: got %q %v, want %q %v", tt.args, got, ok, tt.title, tt.found)
		}
	}
}

func TestTitles(t *testing.T) {
	if got := defaultTitle("shop"); got != "egg-server-shop" {
		t.Errorf("defaultTitle: %q", got)
	}
	if got := defaultTitle("my shop/é"); got != "egg-server-my-shop---" || checkTitle(got) != nil {
		t.Errorf("defaultTitle sanitises: %q", got)
	}
	if got := defaultTitle(strings.Repeat("x", 200)); len(got) != 100 || checkTitle(got) != nil {
		t.Errorf("defaultTitle clips to 100: %d", len(got))
	}
	for _, bad := range []string{"", "../x", "a/b", "-x", ".hidden", "a b", strings.Repeat("y", 101)} {
		if err := checkTitle(bad); err == nil || !strings.Contains(err.Error(), "is not a valid title") {
			t.Errorf("checkTitle(%q) = %v", bad, err)
		}
	}
	for _, good := range []string{"a", "egg-server-shop", "shop_2.blue"} {
		if err := checkTitle(good); err != nil {
			t.Errorf("checkTitle(%q) = %v", good, err)
		}
	}
}

func TestRunsAs(t *testing.T) {
	self := "/srv/shop/releases/7/shop"
	tests := []struct {
		name      string
		p         procInfo
		title     string
		isDefault bool
		ok        bool
		why       string
	}{
		{"same binary, title given", procInfo{exe: self, args: []string{self, "start", "--title=blue"}}, "blue", false, true, ""},
		{"same binary, default title", procInfo{exe: self, args: []string{self, "start"}}, "egg-server-shop", true, true, ""},
		{"binary replaced on disk", procInfo{exe: self + " (deleted)", args: []string{self, "--title", "blue"}}, "blue", false, true, ""},
		{"moved release, title given", procInfo{exe: "/srv/shop/releases/6/shop", args: []string{"./shop", "--title=blue"}}, "blue", false, true, ""},
		{"moved release, no title", procInfo{exe: "/srv/shop/releases/6/shop", args: []string{"./shop"}}, "egg-server-shop", true, false, "it runs ./shop, not"},
		{"other title", procInfo{exe: self, args: []string{self, "--title=green"}}, "blue", false, false, `it runs with --title "green"`},
		{"no title, non-default asked", procInfo{exe: self, args: []string{self, "start"}}, "blue", false, false, "does not say --title blue"},
		{"another program", procInfo{exe: "/usr/bin/python3", args: []string{"python3", "app.py", "--title=blue"}}, "blue", false, false, "it runs python3 app.py --title=blue, not " + self},
		{"no /proc, same name", procInfo{args: []string{"./shop", "start"}}, "egg-server-shop", true, true, ""},
		{"no /proc, other name", procInfo{args: []string{"./cart", "start"}}, "egg-server-shop", true, false, "it runs ./cart start"},
		{"no command line", procInfo{exe: self}, "blue", false, false, "cannot be read"},
	}
	for _, tt := range tests {
		ok, why := tt.p.runsAs(self, tt.title, tt.isDefault)
		if ok != tt.ok || !strings.Contains(why, tt.why) {
			t.Errorf("%s: got %v %q, want %v %q", tt.name, ok, why, tt.ok, tt.why)
		}
	}
}

// readProc (and the ps(1) reader of systems without /proc) sees this
// process as alive and this binary, and an exited child as gone.
func TestReadProc(t *testing.T) {
	readers := map[string]func(int) (procInfo, error){"readProc": readProc}
	if _, err := exec.LookPath("ps"); err == nil {
		readers["readProcPS"] = readProcPS
	}
	exe, err := selfExe()
	if err != nil {
		t.Fatal(err)
	}
	child := exec.Command(os.Args[0], "-test.run=^$")
	if err := child.Run(); err != nil {
		t.Fatal(err)
	}
	for name, read := range readers {
		p, err := read(os.Getpid())
		if err != nil || !p.alive || !p.access || len(p.args) == 0 {
			t.Fatalf("%s(self) = %+v, %v", name, p, err)
		}
		if ok, why := p.runsAs(exe, "egg-server-x", true); !ok {
			t.Errorf("%s: this process is not itself: %s (%+v)", name, why, p)
		}
		if runtime.GOOS == "linux" && name == "readProc" && (!sameFile(p.exe, exe) || !slices.Equal(p.args, os.Args)) {
			t.Errorf("readProc: exe %q args %q; want %q %q", p.exe, p.args, exe, os.Args)
		}
		if p, err := read(child.Process.Pid); err != nil || p.alive {
			t.Errorf("%s(exited child) = %+v, %v", name, p, err)
		}
	}
}

func TestMsDuration(t *testing.T) {
	for in, want := range map[string]time.Duration{"30000": 30 * time.Second, "0": 0, "1m30s": 90 * time.Second, "250ms": 250 * time.Millisecond} {
		var d msDuration
		if err := d.Set(in); err != nil || time.Duration(d) != want {
			t.Errorf("%q: %v %v", in, time.Duration(d), err)
		}
	}
	for _, bad := range []string{"-5", "-1s", "soon", ""} {
		var d msDuration
		if err := d.Set(bad); err == nil || !strings.Contains(err.Error(), "is not a duration") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}
