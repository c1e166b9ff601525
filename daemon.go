package egg

import (
	"os"
	"strings"
)

// daemonEnv tells the background process of start --daemon where its
// ready pipe is: "<fd>:<parent pid>". It is read once and unset, so the
// app's own child processes do not inherit it.
const daemonEnv = "EGG_DAEMON_READY"

// readyPipe is the background process's side of start --daemon: one
// message to the waiting command, then closed. Its methods do nothing on
// a nil pipe (the foreground).
type readyPipe struct{ f *os.File }

// ready tells the waiting command the app serves at url, with its pid file.
func (p *readyPipe) ready(url, pidFile string) { p.send("ready\t" + url + "\t" + pidFile + "\n") }

// fail tells the waiting command why the app did not start.
func (p *readyPipe) fail(err error) { p.send("fail\t" + err.Error() + "\n") }

func (p *readyPipe) send(msg string) {
	if p == nil || p.f == nil {
		return
	}
	_, _ = p.f.WriteString(msg)
	_ = p.f.Close()
	p.f = nil
}

// readyMessage is what the waiting command read from the pipe.
type readyMessage struct {
	ready   bool
	url     string
	pidFile string
	err     string // the app's error when it failed; "" when it said nothing
}

func parseReadyMessage(s string) readyMessage {
	kind, rest, _ := strings.Cut(strings.TrimSuffix(s, "\n"), "\t")
	switch kind {
	case "ready":
		url, pidFile, _ := strings.Cut(rest, "\t")
		return readyMessage{ready: true, url: url, pidFile: pidFile}
	case "fail":
		return readyMessage{err: rest}
	}
	return readyMessage{}
}
