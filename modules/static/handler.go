package static

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"sync"
)

// Handler serves the files of an fs.FS under a URL prefix. It needs no egg
// type: use Middleware in front of any http.Handler, or the Handler itself
// (it answers 404 for what is not a file).
//
// For GET and HEAD under the prefix it serves regular files with a strong
// ETag (a content hash computed once per file and cached), Last-Modified
// when the file system has modification times (embed.FS has none),
// conditional requests (If-None-Match → 304, If-Modified-Since, If-Range)
// and Range requests (206), all through http.ServeContent; Cache-Control
// from Config.MaxAge; and a precompressed .br or .gz sibling when the
// client accepts it. Everything else passes to the next handler: other
// methods, paths outside the prefix, missing files, directories (never
// listed), and names that could leave the root ("..", "." or empty
// segments, backslashes, NUL), whether written plainly or percent-encoded.
type Handler struct {
	fsys          fs.FS
	prefix        string
	cacheControl  []string
	buffer        bool
	bufferMax     int64
	precompressed bool
	log           *slog.Logger

	mu    sync.RWMutex
	files map[string]*entry
}

// New returns a Handler serving fsys with cfg. log receives warnings about
// files that exist but cannot be read; nil discards them. It fails when
// fsys is nil or cfg is invalid.
//
// Serve a directory with os.DirFS(dir), or better (*os.Root).FS(), which
// also refuses symbolic links that point outside the directory; serve an
// embed.FS through fs.Sub to drop its top directory:
//
//	//go:embed public
//	var public embed.FS
//	sub, _ := fs.Sub(public, "public")
//	h, err := static.New(sub, static.DefaultConfig(), nil)
func New(fsys fs.FS, cfg Config, log *slog.Logger) (*Handler, error) {
	if fsys == nil {
		return nil, errors.New("static: New needs a file system; pass os.DirFS(dir), (*os.Root).FS() or an embed.FS")
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Handler{
		fsys:          fsys,
		prefix:        cfg.Prefix,
		cacheControl:  []string{cacheControl(cfg.MaxAge)},
		buffer:        cfg.Buffer,
		bufferMax:     cfg.BufferMaxFileSize,
		precompressed: cfg.Precompressed,
		log:           log,
		files:         map[string]*entry{},
	}, nil
}

// Middleware serves the request when it names a file under the prefix and
// passes it to next otherwise (an unknown file reaches the app's 404).
func (h *Handler) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !h.serve(w, r) {
			next.ServeHTTP(w, r)
		}
	})
}

// ServeHTTP serves the file the request names, or answers 404.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !h.serve(w, r) {
		http.NotFound(w, r)
	}
}

// fileName turns a request path into a name in the file system, or
// reports that the path is not one this handler may serve. r.URL.Path is
// already percent-decoded, so %2e%2e and %2f arrive here as ".." and "/"
// and meet the same checks.
func (h *Handler) fileName(p string) (string, bool) {
	if !strings.HasPrefix(p, h.prefix) {
		return "", false
	}
	name := p[len(h.prefix):]
	if name == "" || strings.ContainsAny(name, "\\\x00") || !fs.ValidPath(name) {
		return "", false
	}
	return name, true
}

// maxAttempts bounds how often a request reloads a file that changes
// under it.
const maxAttempts = 3

// serve answers the request from the file system and reports whether it
// did.
func (h *Handler) serve(w http.ResponseWriter, r *http.Request) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	name, ok := h.fileName(r.URL.Path)
	if !ok {
		return false
	}
	e := h.lookup(name)
	for attempt := 1; e != nil; attempt++ {
		v := e.variants[chooseEncoding(r.Header["Accept-Encoding"], &e.variants)]
		if v.buffered {
			h.setHeaders(w, e, v)
			http.ServeContent(w, r, "", v.modTime, bytes.NewReader(v.data))
			return true
		}
		f, same := h.open(v)
		if same {
			defer f.Close()
			content, err := seekable(f)
			if err != nil {
				h.log.Warn("static: cannot read a file; the request falls through to the next handler", "file", v.name, "err", err)
				return false
			}
			h.setHeaders(w, e, v)
			http.ServeContent(w, r, "", v.modTime, content)
			return true
		}
		if attempt == maxAttempts {
			h.log.Warn("static: a file keeps changing while it is served; the request falls through to the next handler", "file", v.name)
			return false
		}
		e = h.reload(name)
	}
	return false
}

// open opens v's file and reports whether it is still the content v
// describes (same size and modification time). When it is not, the file
// is closed and nil.
func (h *Handler) open(v *variant) (fs.File, bool) {
	f, err := h.fsys.Open(v.name)
	if err != nil {
		return nil, false
	}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() != v.size || !st.ModTime().Equal(v.modTime) {
		f.Close()
		return nil, false
	}
	return f, true
}

// seekable returns f as an io.ReadSeeker for http.ServeContent, reading it
// into memory when its file system offers no Seek.
func seekable(f fs.File) (io.ReadSeeker, error) {
	if rs, ok := f.(io.ReadSeeker); ok {
		return rs, nil
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, err
	}
	return bytes.NewReader(data), nil
}

// setHeaders sets the representation's headers. The value slices are the
// entry's own, shared by every response: no allocation per request.
func (h *Handler) setHeaders(w http.ResponseWriter, e *entry, v *variant) {
	hdr := w.Header()
	hdr["Content-Type"] = e.contentType
	hdr["Etag"] = v.etag
	hdr["Cache-Control"] = h.cacheControl
	if e.compressed {
		if vary := hdr["Vary"]; len(vary) == 0 {
			hdr["Vary"] = e.vary
		} else {
			hdr["Vary"] = append(vary, "Accept-Encoding")
		}
	}
	if v.encoding != nil {
		hdr["Content-Encoding"] = v.encoding
	}
}
