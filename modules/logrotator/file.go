package logrotator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ErrClosed is returned by a write to a closed File.
var ErrClosed = errors.New("logrotator: write to a closed file")

// File is a log file that rotates by its Rule and reopens its path when
// something else moves the file away. It is safe for concurrent use:
// every Write is one append under a lock, and a rotation happens between
// two writes, so each line lands whole in exactly one file. It assumes it
// is the only writer of its path in the process, as one app's loggers are.
//
// Rotation happens on the first Write of a new period (or that would pass
// MaxSize), and on Check, which an idle file needs to be renamed on time.
// A rotated file that would be empty is not kept.
type File struct {
	path  string
	rule  Rule
	clock func() time.Time
	onErr func(error)

	mu     sync.Mutex
	f      *os.File
	info   os.FileInfo // of f, to notice that the path now names another file
	size   int64
	period time.Time // start of the period f's lines belong to (Daily, Hourly)
	next   time.Time // start of the following period
	stuck  bool      // a size rotation failed: Write no longer tries, Check does
	closed bool
}

// Option changes how Open makes a File.
type Option func(*File)

// WithClock makes the File read the time from now instead of time.Now,
// for tests. Periods follow the location of the times it returns.
func WithClock(now func() time.Time) Option { return func(f *File) { f.clock = now } }

// OnError receives the errors a Write does not return because its line
// was written all the same: a rename that failed (the file goes on
// growing), a rotated file that could not be removed. fn is called
// without the File's lock held, so it may log. The default drops them.
func OnError(fn func(error)) Option { return func(f *File) { f.onErr = fn } }

// Open opens (creating it and its directory) the log file at path for
// appending, rotated by rule. A non-empty file already there is taken
// to hold lines of the period of its modification time, so a file left
// from yesterday is renamed on the first write today.
func Open(path string, rule Rule, opts ...Option) (*File, error) {
	f := &File{path: path, rule: rule.withDefaults(), clock: time.Now}
	for _, o := range opts {
		o(f)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("logrotator: cannot create the directory of %s: %w; fix its permissions or choose another log dir", path, err)
	}
	now := f.clock()
	if err := f.open(now, true); err != nil {
		return nil, err
	}
	if f.rule.Every == Daily || f.rule.Every == Hourly {
		if err := f.clean(now); err != nil {
			f.report([]error{err})
		}
	}
	return f, nil
}

// Path returns the file's path.
func (f *File) Path() string { return f.path }

// Write appends p to the file, rotating it first when the period changed
// or p would take it past MaxSize. p should be whole lines.
func (f *File) Write(p []byte) (int, error) {
	f.mu.Lock()
	if f.closed {
		f.mu.Unlock()
		return 0, ErrClosed
	}
	var errs []error
	if f.f == nil { // an earlier reopen failed: try again
		if err := f.open(f.clock(), false); err != nil {
			f.mu.Unlock()
			return 0, err
		}
	}
	switch f.rule.Every {
	case Daily, Hourly:
		if now := f.clock(); !now.Before(f.next) {
			errs = f.rotateTime(now, errs)
		}
	case BySize:
		if !f.stuck && f.size > 0 && f.size+int64(len(p)) > f.rule.MaxSize {
			errs = f.rotateSize(errs)
			f.stuck = len(errs) > 0
		}
	}
	var n int
	var err error
	if f.f == nil {
		err = fmt.Errorf("logrotator: %s is not open after a rotation failed: %w", f.path, errors.Join(errs...))
	} else {
		n, err = f.f.Write(p)
		f.size += int64(n)
	}
	f.mu.Unlock()
	f.report(errs)
	return n, err
}

// Check reopens the path if the file there is no longer the one being
// written (moved or deleted by an outside logrotate), rotates a file
// whose period has ended even if nothing was written since, and retries a
// size rotation that failed (Write tries once, then leaves it to Check,
// so that a failing rename costs one error a Check, not one a line).
// Call it every few seconds; modules/logger does.
func (f *File) Check() error {
	f.mu.Lock()
	if f.closed {
		f.mu.Unlock()
		return nil
	}
	var errs []error
	now := f.clock()
	if f.f == nil {
		if err := f.open(now, false); err != nil {
			errs = append(errs, err)
		}
	} else if st, err := os.Stat(f.path); err != nil || !os.SameFile(st, f.info) {
		if err := f.reopen(now); err != nil {
			errs = append(errs, err)
		}
	} else {
		f.size = st.Size() // an outside copytruncate shrinks it
	}
	if f.f != nil && (f.rule.Every == Daily || f.rule.Every == Hourly) && !now.Before(f.next) {
		errs = f.rotateTime(now, errs)
	}
	if f.f != nil && f.rule.Every == BySize && f.size > f.rule.MaxSize {
		n := len(errs)
		errs = f.rotateSize(errs)
		f.stuck = len(errs) > n
	}
	f.mu.Unlock()
	return errors.Join(errs...)
}

// Reopen closes the file and opens its path again (on SIGUSR1, after an
// outside logrotate moved the file). Lines written before it are in the
// moved file, those after it in the new one.
func (f *File) Reopen() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return ErrClosed
	}
	return f.reopen(f.clock())
}

// Close closes the file; later writes return ErrClosed.
func (f *File) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return nil
	}
	f.closed = true
	if f.f == nil {
		return nil
	}
	err := f.f.Close()
	f.f = nil
	return err
}

// open opens the path for appending. A non-empty file found there starts
// in the period of its modification time when fromDisk is set, else in
// the current one.
func (f *File) open(now time.Time, fromDisk bool) error {
	file, err := os.OpenFile(f.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("logrotator: cannot open %s: %w; fix the directory's permissions or choose another log dir", f.path, err)
	}
	st, err := file.Stat()
	if err != nil {
		_ = file.Close()
		return fmt.Errorf("logrotator: cannot stat %s: %w", f.path, err)
	}
	f.f, f.info, f.size = file, st, st.Size()
	if fromDisk && st.Size() > 0 {
		now = st.ModTime().In(now.Location())
	}
	f.startPeriod(now)
	return nil
}

// reopen opens the path again. The period goes on if the path still
// names the same file; a new file starts the current period.
func (f *File) reopen(now time.Time) error {
	old := f.info
	period, next := f.period, f.next
	if f.f != nil {
		_ = f.f.Close()
		f.f = nil
	}
	if err := f.open(now, false); err != nil {
		return err
	}
	if old != nil && os.SameFile(old, f.info) {
		f.period, f.next = period, next
	}
	return nil
}

func (f *File) startPeriod(t time.Time) {
	if f.rule.Every != Daily && f.rule.Every != Hourly {
		return
	}
	f.period = f.rule.periodStart(t)
	f.next = f.rule.periodEnd(f.period)
}

// rotateTime renames the file after its period and starts a new one. An
// empty file is kept as it is.
func (f *File) rotateTime(now time.Time, errs []error) []error {
	label := f.rule.label(f.period)
	f.startPeriod(now)
	if f.size == 0 {
		return errs
	}
	target := f.freeName(f.path + "." + label)
	if err := f.replace(target); err != nil {
		return append(errs, err)
	}
	if err := f.clean(now); err != nil {
		errs = append(errs, err)
	}
	return errs
}

// rotateSize shifts the numbered files up by one (name.1 to name.2, ...),
// removing those that would pass MaxFiles, and renames the file to
// name.1.
func (f *File) rotateSize(errs []error) []error {
	nums, err := f.numbered()
	if err != nil {
		errs = append(errs, err)
	}
	slices.SortFunc(nums, func(a, b int) int { return b - a })
	for _, n := range nums {
		from := f.path + "." + strconv.Itoa(n)
		if n >= f.rule.MaxFiles {
			if err := os.Remove(from); err != nil && !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, fmt.Errorf("logrotator: cannot remove %s: %w", from, err))
			}
			continue
		}
		if err := os.Rename(from, f.path+"."+strconv.Itoa(n+1)); err != nil {
			errs = append(errs, fmt.Errorf("logrotator: cannot rename %s: %w", from, err))
		}
	}
	if err := f.replace(f.path + ".1"); err != nil {
		errs = append(errs, err)
	}
	return errs
}

// numbered lists N of the files name.N next to the file.
func (f *File) numbered() ([]int, error) {
	dir, base := filepath.Split(f.path)
	if dir == "" {
		dir = "."
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("logrotator: cannot list %s to shift rotated files: %w", dir, err)
	}
	var nums []int
	for _, e := range entries {
		if s, ok := strings.CutPrefix(e.Name(), base+"."); ok && digits(s) && len(s) < 10 && !e.IsDir() {
			if n, err := strconv.Atoi(s); err == nil && n > 0 {
				nums = append(nums, n)
			}
		}
	}
	return nums, nil
}

// replace closes the file, renames it to target and opens a new one at
// the path. If the rename fails, the same file is reopened and goes on.
func (f *File) replace(target string) error {
	if err := f.f.Close(); err != nil {
		f.f = nil
		return f.open(f.clock(), false)
	}
	f.f = nil
	renameErr := os.Rename(f.path, target)
	period, next := f.period, f.next
	if err := f.open(f.clock(), false); err != nil {
		return errors.Join(renameErr, err)
	}
	f.period, f.next = period, next
	if renameErr != nil {
		return fmt.Errorf("logrotator: cannot rotate %s: %w; the file goes on growing until the next rotation", f.path, renameErr)
	}
	return nil
}

// freeName returns name, or name.1, name.2, … if name is taken (the app
// restarted and rotated twice in one period).
func (f *File) freeName(name string) string {
	if _, err := os.Lstat(name); errors.Is(err, fs.ErrNotExist) {
		return name
	}
	for i := 1; ; i++ {
		n := name + "." + strconv.Itoa(i)
		if _, err := os.Lstat(n); errors.Is(err, fs.ErrNotExist) {
			return n
		}
	}
}

// clean removes this file's Daily or Hourly rotated files dated more
// than MaxDays days before now's date.
func (f *File) clean(now time.Time) error {
	if f.rule.MaxDays <= 0 {
		return nil
	}
	dir, base := filepath.Split(f.path)
	if dir == "" {
		dir = "."
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("logrotator: cannot list %s to remove old files: %w", dir, err)
	}
	y, m, d := now.Date()
	cutoff := time.Date(y, m, d-f.rule.MaxDays, 0, 0, 0, 0, now.Location())
	var errs []error
	for _, e := range entries {
		suffix, ok := strings.CutPrefix(e.Name(), base+".")
		if !ok || e.IsDir() {
			continue
		}
		if day, ok := backupDate(suffix, f.rule.HourDelimiter, now.Location()); ok && day.Before(cutoff) {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, fmt.Errorf("logrotator: cannot remove old log %s: %w", e.Name(), err))
			}
		}
	}
	return errors.Join(errs...)
}

func (f *File) report(errs []error) {
	if f.onErr == nil {
		return
	}
	for _, err := range errs {
		if err != nil {
			f.onErr(err)
		}
	}
}
