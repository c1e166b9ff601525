package logger

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/logrotator"
	"go.uber.org/fx"
)

// Files are the app's log files. They open when the app starts (after
// the modules' constructors, before egg's own start: lines written while
// the app was built are held by egg and written then) and close when it
// has stopped, after egg's last line.
type Files struct {
	app   *egg.App
	cfg   Config
	dir   string
	rules *logrotator.Rules

	root      atomic.Pointer[fileHandler]
	files     []*logrotator.File
	access    atomic.Pointer[accessLog]
	stop      chan struct{}
	wg        sync.WaitGroup
	reporting atomic.Bool
}

type filesParams struct {
	fx.In
	App       *egg.App
	Config    Config
	Rules     *logrotator.Rules `optional:"true"`
	Lifecycle fx.Lifecycle
}

func newFiles(p filesParams) *Files {
	f := &Files{app: p.App, cfg: p.Config, rules: p.Rules, dir: logDir(p.App, p.Config.Dir)}
	if f.cfg.AccessLog {
		p.App.OnResponse(func(c *egg.Ctx) {
			if a := f.access.Load(); a != nil {
				a.onResponse(c)
			}
		})
	}
	if f.cfg.ReopenOnSignal {
		p.App.OnServer(func(*http.Server) { f.watchSignal() })
	}
	p.Lifecycle.Append(fx.Hook{OnStart: f.open, OnStop: f.close})
	return f
}

// logDir is Config.Dir for app: logs/{app} under the base dir by default,
// a relative path under the base dir.
func logDir(app *egg.App, dir string) string {
	if dir == "" {
		dir = filepath.Join("logs", app.Name())
	}
	dir = strings.ReplaceAll(dir, "{app}", app.Name())
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(app.BaseDir(), dir)
	}
	return dir
}

// Dir returns the directory of the files.
func (f *Files) Dir() string { return f.dir }

// Path returns the path of a log file by its config name, e.g.
// f.Path(cfg.AppLogName), with "{app}" replaced.
func (f *Files) Path(name string) string {
	return filepath.Join(f.dir, strings.ReplaceAll(name, "{app}", f.app.Name()))
}

// Reopen reopens every file, as SIGUSR1 does: after an outside logrotate
// moved them, lines go to new files at the same paths.
func (f *Files) Reopen() error {
	var errs []error
	for _, file := range f.files {
		if err := file.Reopen(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (f *Files) handler() slog.Handler { return rootHandler{s: &f.root} }

// open opens the files and starts the periodic check.
func (f *Files) open(context.Context) error {
	env := f.app.Env()
	format := f.cfg.format(env)
	openFile := func(name string) (*logrotator.File, error) {
		path := f.Path(name)
		file, err := logrotator.Open(path, f.rules.For(path), logrotator.OnError(f.report))
		if err != nil {
			return nil, fmt.Errorf("logger: %w (LOGGER_DIR sets the directory)", err)
		}
		f.files = append(f.files, file)
		return file, nil
	}
	var s sinks
	var err error
	for _, o := range []struct {
		name  string
		level slog.Level
		to    *slog.Handler
	}{
		{f.cfg.AppLogName, f.cfg.fileLevel(f.cfg.Level, env), &s.app},
		{f.cfg.CoreLogName, f.cfg.fileLevel(f.cfg.CoreLevel, env), &s.core},
		{f.cfg.ErrorLogName, slog.LevelError, &s.errs},
	} {
		var file *logrotator.File
		if file, err = openFile(o.name); err != nil {
			break
		}
		*o.to = newFormatHandler(file, format, o.level)
	}
	if err == nil && f.cfg.AccessLog {
		var file *logrotator.File
		if file, err = openFile(f.cfg.AccessLogName); err == nil {
			f.access.Store(newAccessLog(file, format == "json", f.cfg.AccessLogIgnore, f.app.Routes()))
		}
	}
	if err != nil {
		f.closeFiles()
		return err
	}
	f.root.Store(&fileHandler{out: s.app, alt: s.core, errs: s.errs})
	f.stop = make(chan struct{})
	if d := f.cfg.CheckInterval; d > 0 {
		f.wg.Add(1)
		go f.check(d)
	}
	return nil
}

// check checks the files every d until the app stops.
func (f *Files) check(d time.Duration) {
	defer f.wg.Done()
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			for _, file := range f.files {
				if err := file.Check(); err != nil {
					f.report(err)
				}
			}
		case <-f.stop:
			return
		}
	}
}

// watchSignal reopens the files on SIGUSR1 until the app stops. It runs
// only when egg runs its own server: an embedded app leaves the process's
// signals to its host.
func (f *Files) watchSignal() {
	ch := make(chan os.Signal, 1)
	if !notifyReopen(ch) {
		return
	}
	f.wg.Add(1)
	go func() {
		defer f.wg.Done()
		defer signal.Stop(ch)
		for {
			select {
			case <-ch:
				if err := f.Reopen(); err != nil {
					f.report(err)
				} else {
					f.app.CoreLogger().Info("log files reopened on SIGUSR1", "dir", f.dir)
				}
			case <-f.stop:
				return
			}
		}
	}()
}

// close stops the check and the signal watch, turns the console back on
// (lines written after this have no file left) and closes the files.
func (f *Files) close(context.Context) error {
	if f.stop != nil {
		close(f.stop)
		f.wg.Wait()
	}
	f.app.SetConsoleLog(true)
	f.root.Store(nil)
	f.access.Store(nil)
	return f.closeFiles()
}

func (f *Files) closeFiles() error {
	var errs []error
	for _, file := range f.files {
		if err := file.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// report logs a file error that cost no line (a failed rename, a reopen
// that will be retried) on the core logger; an error while reporting one
// is dropped rather than reported again.
func (f *Files) report(err error) {
	if !f.reporting.CompareAndSwap(false, true) {
		return
	}
	defer f.reporting.Store(false)
	f.app.CoreLogger().Warn("log file trouble", "err", err)
}
