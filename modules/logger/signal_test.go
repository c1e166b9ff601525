//go:build unix

package logger_test

import (
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/logger"
)

func TestSIGUSR1ReopensWhenEggOwnsTheServer(t *testing.T) {
	app, dir := newApp(t, "prod", egg.WithServer(),
		egg.Configure(func(c *egg.ServerConfig) { c.Port = 0 }),
		egg.Configure(func(c *logger.Config) { c.CheckInterval = 0 })) // only the signal reopens
	app.Logger().Info("before")
	path := filepath.Join(dir, "shop-web.log")
	if err := os.Rename(path, path+".1"); err != nil {
		t.Fatal(err)
	}
	// egg listens, so the module has taken SIGUSR1 over from its default
	// (ending the process)
	if err := syscall.Kill(os.Getpid(), syscall.SIGUSR1); err != nil {
		t.Fatal(err)
	}
	eventually(t, "reopened on SIGUSR1", func() bool { _, err := os.Stat(path); return err == nil })
	app.Logger().Info("after")
	mustContain(t, "moved", read(t, dir, "shop-web.log.1"), "before")
	mustContain(t, "new", read(t, dir, "shop-web.log"), "after")
	mustContain(t, "egg-web.log", read(t, dir, "egg-web.log"), "log files reopened on SIGUSR1")
}

// TestNoSignalHandlerWhenEmbedded: an app without a server of its own
// leaves SIGUSR1 to its host, which may use it for something else.
func TestNoSignalHandlerWhenEmbedded(t *testing.T) {
	app, dir := newApp(t, "prod", egg.Configure(func(c *logger.Config) { c.CheckInterval = 0 }))
	app.Logger().Info("before")
	path := filepath.Join(dir, "shop-web.log")
	if err := os.Rename(path, path+".1"); err != nil {
		t.Fatal(err)
	}
	host := make(chan os.Signal, 1) // the host's own use of the signal
	signal.Notify(host, syscall.SIGUSR1)
	defer signal.Stop(host)
	if err := syscall.Kill(os.Getpid(), syscall.SIGUSR1); err != nil {
		t.Fatal(err)
	}
	<-host
	time.Sleep(100 * time.Millisecond) // room for a handler that must not be there
	if _, err := os.Stat(path); err == nil {
		t.Error("an embedded app must not reopen its files on SIGUSR1")
	}
	mustNotContain(t, "egg-web.log", read(t, dir, "egg-web.log"), "SIGUSR1")
}
