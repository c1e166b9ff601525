package egg

import (
	"strings"
	"testing"
)

// FuzzRunsAs feeds arbitrary command lines (NUL-separated, as in
// /proc/PID/cmdline) to the identity check: it never panics, and it never
// accepts a process whose --title names another title.
func FuzzRunsAs(f *testing.F) {
	f.Add("/srv/shop\x00start\x00--title=blue", "/srv/shop", "blue", false)
	f.Add("./shop\x00--title\x00blue\x00--", "/srv/shop", "blue", false)
	f.Add("python3\x00-title=blue", "/usr/bin/python3", "blue", true)
	f.Fuzz(func(t *testing.T, cmdline, exe, title string, isDefault bool) {
		p := procInfo{alive: true, exe: exe, args: strings.Split(cmdline, "\x00")}
		if cmdline == "" {
			p.args = nil
		}
		ok, why := p.runsAs("/srv/shop", title, isDefault)
		if ok == (why != "") {
			t.Fatalf("ok %v with reason %q", ok, why)
		}
		got, named := titleArg(p.args)
		if ok && named && got != title {
			t.Fatalf("accepted a process titled %q for %q", got, title)
		}
		if ok && !named && !isDefault {
			t.Fatalf("accepted a process without --title for the non-default title %q", title)
		}
	})
}
