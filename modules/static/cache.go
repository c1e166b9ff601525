package static

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"syscall"
	"time"
)

// entry is what the handler knows about one served file: its Content-Type
// and each representation on disk (the file and its precompressed
// siblings). Entries are immutable; a changed file gets a new entry.
type entry struct {
	contentType []string // header value, shared by every response
	variants    [numEncodings]*variant
	compressed  bool     // a sibling exists: responses vary by Accept-Encoding
	vary        []string // the Vary header value then
}

// variant is one representation: the file itself or a .br / .gz sibling.
type variant struct {
	name     string // path in the file system
	size     int64
	modTime  time.Time
	etag     []string // header value: a strong ETag from the content hash
	encoding []string // Content-Encoding header value; nil for the file itself
	data     []byte   // the content, when buffered
	buffered bool     // data holds the whole content
}

// sniffLen is how much of a file http.DetectContentType looks at.
const sniffLen = 512

// load reads name and its siblings from the file system, hashing each once.
// It returns nil, nil when name is not a regular file (missing, a
// directory, a device).
func (h *Handler) load(name string) (*entry, error) {
	e := &entry{}
	v, sniff, err := h.loadVariant(name, encIdentity)
	if v == nil || err != nil {
		return nil, err
	}
	e.variants[encIdentity] = v
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = http.DetectContentType(sniff)
	}
	e.contentType = []string{ctype}
	if h.precompressed {
		for enc := encBrotli; enc < numEncodings; enc++ {
			sv, _, err := h.loadVariant(name+encodingSuffix[enc], enc)
			if err != nil {
				h.log.Warn("static: cannot read a precompressed sibling; serving without it", "file", name+encodingSuffix[enc], "err", err)
				continue
			}
			if sv != nil {
				e.variants[enc] = sv
				e.compressed, e.vary = true, []string{"Accept-Encoding"}
			}
		}
	}
	return e, nil
}

// loadVariant opens name, checks that it is a regular file, hashes its
// content and keeps it when buffering applies. It also returns the first
// bytes of the content, for sniffing its type.
func (h *Handler) loadVariant(name string, enc int) (*variant, []byte, error) {
	f, err := h.fsys.Open(name)
	if err != nil {
		return nil, nil, ignoreMissing(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, nil, fmt.Errorf("static: stat %s: %w", name, err)
	}
	if !st.Mode().IsRegular() {
		return nil, nil, nil
	}
	v := &variant{name: name, size: st.Size(), modTime: st.ModTime()}
	if enc != encIdentity {
		v.encoding = []string{encodingName[enc]}
	}
	sum := sha256.New()
	var sniff []byte
	if h.buffer && st.Size() <= h.bufferMax {
		data, err := io.ReadAll(io.LimitReader(f, h.bufferMax+1))
		if err != nil {
			return nil, nil, fmt.Errorf("static: read %s: %w", name, err)
		}
		if int64(len(data)) != st.Size() {
			return nil, nil, fmt.Errorf("static: %s changed while it was read (%d bytes, stat said %d)", name, len(data), st.Size())
		}
		sum.Write(data)
		v.data, v.buffered, sniff = data, true, data[:min(len(data), sniffLen)]
	} else {
		head := make([]byte, sniffLen)
		n, err := io.ReadFull(f, head)
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, nil, fmt.Errorf("static: read %s: %w", name, err)
		}
		sum.Write(head[:n])
		sniff = head[:n]
		if _, err := io.Copy(sum, f); err != nil {
			return nil, nil, fmt.Errorf("static: read %s: %w", name, err)
		}
	}
	v.etag = []string{etagOf(sum)}
	return v, sniff, nil
}

// etagOf is a strong entity tag from a content hash: 128 bits of SHA-256,
// base64url, quoted.
func etagOf(sum hash.Hash) string {
	return `"` + base64.RawURLEncoding.EncodeToString(sum.Sum(nil)[:16]) + `"`
}

// ignoreMissing turns "no such file" and "not a valid name" into nil: they
// mean the request is not for a file here, not that something failed.
func ignoreMissing(err error) error {
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrInvalid) || isNotDir(err) {
		return nil
	}
	return err
}

// isNotDir reports "not a directory": a request for a/b where a is a file.
func isNotDir(err error) bool { return errors.Is(err, syscall.ENOTDIR) }

// lookup returns the cached entry for name, loading it on first use.
func (h *Handler) lookup(name string) *entry {
	h.mu.RLock()
	e := h.files[name]
	h.mu.RUnlock()
	if e != nil {
		return e
	}
	return h.reload(name)
}

// reload reads name afresh and caches the result (or forgets name when it
// is no longer a file).
func (h *Handler) reload(name string) *entry {
	e, err := h.load(name)
	if err != nil {
		h.log.Warn("static: cannot serve a file; the request falls through to the next handler", "file", name, "err", err)
	}
	h.mu.Lock()
	if e == nil {
		delete(h.files, name)
	} else {
		h.files[name] = e
	}
	h.mu.Unlock()
	return e
}
