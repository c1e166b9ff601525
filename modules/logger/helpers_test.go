package logger_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/logger"
	"github.com/egg-go/egg/modules/logrotator"
	"go.uber.org/fx"
)

func TestMain(m *testing.M) { eggtest.VerifyTestMain(m) }

// console captures egg's console output, safe for concurrent use.
type console struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (c *console) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.buf.Write(p)
}

func (c *console) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.buf.String()
}

// newApp starts an app named "shop" with the logger and logrotator
// modules writing to a temp dir, in env, and returns it with that dir.
func newApp(t *testing.T, env string, opts ...fx.Option) (*eggtest.App, string) {
	t.Helper()
	dir := t.TempDir()
	all := []fx.Option{
		egg.Name("shop"), egg.Env(env), logger.Module, logrotator.Module,
		egg.Configure(func(c *logger.Config) { c.Dir = dir }),
	}
	return eggtest.New(t, append(all, opts...)...), dir
}

// read returns a log file's contents ("" when it does not exist).
func read(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return string(b)
}

// lines splits a file's contents into lines.
func lines(s string) []string {
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func mustContain(t *testing.T, what, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, got)
		}
	}
}

func mustNotContain(t *testing.T, what, got string, nots ...string) {
	t.Helper()
	for _, w := range nots {
		if strings.Contains(got, w) {
			t.Errorf("%s must not hold %q:\n%s", what, w, got)
		}
	}
}

// startErr starts the app of newApp expecting it to fail.
func startErr(t *testing.T, opts ...fx.Option) (*eggtest.App, error) {
	t.Helper()
	dir := t.TempDir()
	all := []fx.Option{egg.Name("shop"), egg.Env("prod"), logger.Module, logrotator.Module,
		egg.Configure(func(c *logger.Config) { c.Dir = dir })}
	return eggtest.Start(t, append(all, opts...)...)
}
