package view

import (
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync/atomic"
	"time"
)

// Files is a snapshot of an engine's template files, read in one pass:
// engines parse from it, never from the disk, so that what a render uses
// is exactly what was read.
type Files struct {
	names  []string
	data   map[string][]byte
	noRoot bool
	stamp  uint64
}

// Names returns the template names (slash paths under the root), sorted.
func (f *Files) Names() []string { return f.names }

// Read returns the contents of the template name.
func (f *Files) Read(name string) ([]byte, bool) {
	b, ok := f.data[name]
	return b, ok
}

// RootMissing reports whether the root directory did not exist (so there
// are no templates; an app without views is fine until it renders one).
func (f *Files) RootMissing() bool { return f.noRoot }

// ReadFiles reads every file under fsys whose extension is one of exts,
// skipping names that start with a dot (editor swap files, .git). A
// missing root gives an empty snapshot, not an error.
func ReadFiles(fsys fs.FS, exts []string) (*Files, error) {
	f := &Files{data: map[string][]byte{}}
	h, err := walk(fsys, exts, func(name string) error {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		f.names = append(f.names, name)
		f.data[name] = b
		return nil
	})
	if errors.Is(err, errNoRoot) {
		f.noRoot = true
		return f, nil
	}
	if err != nil {
		return nil, err
	}
	f.stamp = h
	return f, nil
}

var errNoRoot = errors.New("root does not exist")

// walk calls fn for each template file, in lexical order, and returns a
// hash of every file's name, size and modification time: it changes when
// a file is edited, added, removed or renamed.
func walk(fsys fs.FS, exts []string, fn func(name string) error) (uint64, error) {
	h := fnv.New64a()
	var buf [8]byte
	put := func(v int64) {
		for i := range buf {
			buf[i] = byte(v >> (8 * i))
		}
		h.Write(buf[:])
	}
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			if name == "." && errors.Is(err, fs.ErrNotExist) {
				return errNoRoot
			}
			return err
		}
		if name != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || !slices.Contains(exts, path.Ext(name)) {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		h.Write([]byte(name))
		h.Write([]byte{0})
		put(info.Size())
		put(info.ModTime().UnixNano())
		if fn != nil {
			return fn(name)
		}
		return nil
	})
	return h.Sum64(), err
}

// Reloader keeps what an engine parsed from its files current: it reads
// and parses them once; with Setup.Reload on (Config.Cache off, the local
// env) a render re-checks the files at most every Setup.CheckInterval — a
// stat of each, no watcher goroutine — and parses them again when one was
// edited, added or removed. Both built-in engines use it, so reloading
// behaves the same whatever the template language.
type Reloader[T any] struct {
	s        Setup
	parse    func(*Files) (T, error)
	cur      atomic.Pointer[loaded[T]]
	checking atomic.Bool
	last     atomic.Int64 // when the files were last checked, since start
	start    time.Time
}

type loaded[T any] struct {
	val    T
	err    error
	stamp  uint64
	noRoot bool
}

// NewReloader reads s.FS and parses it with parse. With s.Reload off a
// read or parse error is returned (start-up fails); with it on, the error
// is logged and every render returns it until the files are fixed.
func NewReloader[T any](s Setup, parse func(*Files) (T, error)) (*Reloader[T], error) {
	r := &Reloader[T]{s: s, parse: parse, start: time.Now()}
	st := r.load()
	if st.err != nil {
		if !s.Reload {
			return nil, st.err
		}
		r.logError(st.err)
	}
	r.cur.Store(st)
	return r, nil
}

// Current returns the parsed templates, re-reading them first if Reload is
// on, the check interval has passed and a file changed. A render running
// while another checks uses the templates it finds.
func (r *Reloader[T]) Current() (T, error) {
	st := r.cur.Load()
	if r.s.Reload {
		st = r.check(st)
	}
	return st.val, st.err
}

// RootMissing reports whether the root directory was missing at the last
// read.
func (r *Reloader[T]) RootMissing() bool { return r.cur.Load().noRoot }

func (r *Reloader[T]) check(st *loaded[T]) *loaded[T] {
	now := int64(time.Since(r.start))
	if r.s.CheckInterval > 0 && now-r.last.Load() < int64(r.s.CheckInterval) {
		return st
	}
	if !r.checking.CompareAndSwap(false, true) {
		return st
	}
	defer r.checking.Store(false)
	r.last.Store(now)
	stamp, err := walk(r.s.FS, r.s.Extensions, nil)
	if errors.Is(err, errNoRoot) {
		if st.noRoot {
			return st
		}
	} else if err == nil && stamp == st.stamp && !st.noRoot {
		return st
	}
	next := r.load()
	if next.err != nil {
		r.logError(next.err)
	} else if r.s.Logger != nil {
		r.s.Logger.Info("templates changed, reloaded", "root", r.s.Root, "extensions", r.s.Extensions)
	}
	r.cur.Store(next)
	return next
}

func (r *Reloader[T]) load() *loaded[T] {
	files, err := ReadFiles(r.s.FS, r.s.Extensions)
	if err != nil {
		return &loaded[T]{err: fmt.Errorf("view: reading templates in %s: %w", r.s.Root, err)}
	}
	val, err := r.parse(files)
	return &loaded[T]{val: val, err: err, stamp: files.stamp, noRoot: files.noRoot}
}

func (r *Reloader[T]) logError(err error) {
	if r.s.Logger != nil {
		r.s.Logger.Warn("templates have an error; renders show it until the file is fixed", "root", r.s.Root, "err", err)
	}
}
