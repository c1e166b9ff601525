package logger_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/logger"
	"github.com/egg-go/egg/modules/logrotator"
	"go.uber.org/fx"
)

// eventually polls cond until it holds or 10s pass (the check runs on a
// ticker of its own).
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting: %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestOutsideLogrotateMoveIsNoticed(t *testing.T) {
	app, dir := newApp(t, "prod", egg.Configure(func(c *logger.Config) { c.CheckInterval = 10 * time.Millisecond }))
	app.Logger().Info("before the move")
	path := filepath.Join(dir, "shop-web.log")
	if err := os.Rename(path, path+".moved"); err != nil {
		t.Fatal(err)
	}
	// the periodic check notices the missing file and opens a new one
	eventually(t, "shop-web.log reopened", func() bool { _, err := os.Stat(path); return err == nil })
	app.Logger().Info("after the move")
	mustContain(t, "moved file", read(t, dir, "shop-web.log.moved"), "before the move")
	mustNotContain(t, "moved file", read(t, dir, "shop-web.log.moved"), "after the move")
	mustContain(t, "new file", read(t, dir, "shop-web.log"), "after the move")
}

func TestReopenAfterMove(t *testing.T) {
	var files *logger.Files
	app, dir := newApp(t, "prod", fx.Populate(&files),
		egg.Configure(func(c *logger.Config) { c.CheckInterval = 0 }))
	app.CoreLogger().Error("first")
	for _, n := range []string{"egg-web.log", "common-error.log", "shop-web.log", "shop-access.log"} {
		if err := os.Rename(filepath.Join(dir, n), filepath.Join(dir, n+".old")); err != nil {
			t.Fatal(err)
		}
	}
	if err := files.Reopen(); err != nil {
		t.Fatal(err)
	}
	app.CoreLogger().Error("second")
	app.GET("/").Do()
	for _, n := range []string{"egg-web.log", "common-error.log"} {
		mustContain(t, n+".old", read(t, dir, n+".old"), "first")
		mustContain(t, n, read(t, dir, n), "second")
		mustNotContain(t, n, read(t, dir, n), "first")
	}
	if read(t, dir, "shop-access.log") == "" {
		t.Error("the access log is reopened too")
	}
}

func TestRotationRulesFromLogrotator(t *testing.T) {
	app, dir := newApp(t, "prod", egg.Configure(func(c *logrotator.Config) {
		c.FilesRotateBySize = []string{"{app}-web.log"}
		c.MaxFileSize = 300
		c.MaxFiles = 2
	}))
	for range 20 {
		app.Logger().Info(strings.Repeat("x", 100))
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "shop-web.log") {
			names = append(names, e.Name())
			if st, _ := e.Info(); st.Size() > 300 {
				t.Errorf("%s is %d bytes, over MaxFileSize", e.Name(), st.Size())
			}
		}
	}
	if strings.Join(names, ",") != "shop-web.log,shop-web.log.1,shop-web.log.2" {
		t.Errorf("by-size files: %v", names)
	}
}

func TestYesterdaysFileRotatesOnlyWithLogrotator(t *testing.T) {
	for _, withRotator := range []bool{true, false} {
		dir := t.TempDir()
		path := filepath.Join(dir, "shop-web.log")
		if err := os.WriteFile(path, []byte("old line\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		old := time.Now().Add(-48 * time.Hour)
		if err := os.Chtimes(path, old, old); err != nil {
			t.Fatal(err)
		}
		opts := []fx.Option{egg.Configure(func(c *logger.Config) { c.Dir = dir })}
		if !withRotator {
			opts = append(opts, egg.Disable(logrotator.Name))
		}
		app, _ := newApp(t, "prod", opts...)
		app.Logger().Info("new line")
		rotated := filepath.Join(dir, "shop-web.log."+old.Format("2006-01-02"))
		if withRotator {
			mustContain(t, "rotated file", read(t, dir, filepath.Base(rotated)), "old line")
			mustNotContain(t, "shop-web.log", read(t, dir, "shop-web.log"), "old line")
		} else {
			if _, err := os.Stat(rotated); err == nil {
				t.Error("without logrotator nothing rotates")
			}
			mustContain(t, "shop-web.log", read(t, dir, "shop-web.log"), "old line", "new line")
		}
	}
}

func TestOpenFailureFailsStart(t *testing.T) {
	blocker := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := startErr(t, egg.Configure(func(c *logger.Config) { c.Dir = filepath.Join(blocker, "logs") }))
	if err == nil || !strings.Contains(err.Error(), blocker) || !strings.Contains(err.Error(), "LOGGER_DIR") {
		t.Errorf("start under a file: %v", err)
	}
}
