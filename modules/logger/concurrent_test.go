package logger_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/logger"
	"github.com/egg-go/egg/modules/logrotator"
	"go.uber.org/fx"
)

// TestConcurrentLoggersLoseNoLine logs from many goroutines through the
// app logger while the file rotates by size and an outside logrotate
// moves it away (reopened by Files.Reopen, as on SIGUSR1): every line is
// in exactly one file.
func TestConcurrentLoggersLoseNoLine(t *testing.T) {
	const writers, each = 8, 400
	var files *logger.Files
	app, dir := newApp(t, "prod", fx.Populate(&files),
		egg.Configure(func(c *logrotator.Config) {
			c.FilesRotateBySize = []string{"{app}-web.log"}
			c.MaxFileSize, c.MaxFiles = 16<<10, 10000
		}),
		egg.Configure(func(c *logger.Config) { c.CheckInterval = 0 }))
	path := filepath.Join(dir, "shop-web.log")
	var wg sync.WaitGroup
	for g := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l := app.Logger().With("g", g)
			for i := range each {
				l.Info("numbered", "i", i)
			}
		}()
	}
	moves := 0
	for m := range 5 {
		if err := os.Rename(path, fmt.Sprintf("%s.moved-%d", path, m)); err == nil {
			moves++
		}
		if err := files.Reopen(); err != nil {
			t.Error(err)
		}
	}
	wg.Wait()

	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	count := 0
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), "shop-web.log") {
			continue
		}
		count++
		for _, l := range lines(read(t, dir, e.Name())) {
			var v struct {
				Msg  string
				G, I int
			}
			if err := json.Unmarshal([]byte(l), &v); err != nil {
				t.Fatalf("%s: a broken line: %v: %q", e.Name(), err, l)
			}
			if v.Msg == "numbered" {
				seen[fmt.Sprint(v.G, "-", v.I)]++
			}
		}
	}
	for g := range writers {
		for i := range each {
			if n := seen[fmt.Sprint(g, "-", i)]; n != 1 {
				t.Errorf("line %d-%d is in the files %d times", g, i, n)
			}
		}
	}
	if len(seen) != writers*each || count < 5 {
		t.Errorf("%d distinct lines in %d files (%d moves), want %d in several", len(seen), count, moves, writers*each)
	}
}
