package multipart

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	stdmultipart "mime/multipart"
	"net/http"
	"path"
	"strings"
)

// Parser reads multipart bodies with one Config's limits. It needs no egg
// type; under egg, Parts and Save use the app's Parser. It is safe for
// concurrent use.
type Parser struct {
	s settings
}

// New returns a Parser for cfg, or the error Validate reports.
func New(cfg Config) (*Parser, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &Parser{s: newSettings(cfg)}, nil
}

// Reader iterates over the parts of one request body without buffering
// files: each file part is read by the caller, straight from the
// connection. Get one from Parser.NewReader.
type Reader struct {
	mr     *stdmultipart.Reader
	s      settings
	cur    *Part
	files  int
	fields int
	err    error // sticky: once a read failed, every later call fails the same way
	end    *endWatcher
}

// NewReader checks that r is a multipart request and returns a Reader of
// its body, with the Parser's limits changed by overrides. w is used by
// http.MaxBytesReader to close the connection of a body over the limits;
// it may be nil outside a server. The errors are *Error values: 415 when
// r is not multipart, 400 for a malformed Content-Type or a missing
// boundary, 413 when Content-Length already exceeds what the limits
// allow.
func (p *Parser) NewReader(w http.ResponseWriter, r *http.Request, overrides ...Limits) (*Reader, error) {
	s := p.s.with(overrides)
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return nil, &Error{Status: http.StatusUnsupportedMediaType, Code: CodeUnsupportedType,
			Message: "the request has no Content-Type; send multipart/form-data (a form with enctype=\"multipart/form-data\")"}
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return nil, malformed(err, "the Content-Type %q cannot be parsed: %v", ct, err)
	}
	if !strings.HasPrefix(mt, "multipart/") {
		return nil, &Error{Status: http.StatusUnsupportedMediaType, Code: CodeUnsupportedType,
			Message: fmt.Sprintf("the Content-Type is %q; send multipart/form-data (a form with enctype=\"multipart/form-data\")", mt)}
	}
	boundary := params["boundary"]
	if boundary == "" {
		return nil, malformed(nil, "the Content-Type %s has no boundary parameter", mt)
	}
	if len(boundary) > 70 || strings.TrimRight(boundary, " ") != boundary {
		return nil, malformed(nil, "the boundary %q is invalid: 1 to 70 characters, not ending in a space (RFC 2046)", boundary)
	}
	limit := s.maxBody()
	if r.ContentLength > limit {
		return nil, tooLarge(CodeBodyLimit, "the multipart body has %d bytes, more than the %d bytes that the Files (%d), FileSize (%d), Fields (%d) and FieldSize (%d) limits allow",
			r.ContentLength, limit, s.files, s.fileSize, s.fields, s.fieldSize)
	}
	body := r.Body
	if body == nil {
		body = http.NoBody
	}
	marker := []byte("\n--" + boundary + "--")
	end := &endWatcher{marker: marker, tail: append(make([]byte, 0, 2*len(marker)), '\n')}
	end.src = http.MaxBytesReader(w, body, limit)
	return &Reader{mr: stdmultipart.NewReader(end, boundary), s: s, end: end}, nil
}

// NextPart returns the next part, or io.EOF after the last one. The
// previous part is finished first: a file the caller did not read to the
// end is still checked against FileSize (and discarded). A field's value
// is read here, at most FieldSize bytes. A file input sent without a file
// (an empty file name) is skipped, as in Egg, but counts against Files.
//
// Errors are *Error values: 413 for a limit (naming it), 400 for a file
// extension outside the whitelist or a malformed body. After an error,
// every call returns it again.
func (r *Reader) NextPart() (*Part, error) {
	if r.err != nil {
		return nil, r.err
	}
	p, err := r.next()
	if err != nil && err != io.EOF {
		r.err = err
	}
	return p, err
}

func (r *Reader) next() (*Part, error) {
	for {
		if err := r.finish(); err != nil {
			return nil, err
		}
		raw, err := r.mr.NextPart()
		if err == io.EOF {
			if !r.end.seen {
				// mime/multipart also says io.EOF when the body ends inside
				// a part's headers
				return nil, malformed(nil, "the multipart body ended before its closing boundary (--%s--)", r.end.marker[3:len(r.end.marker)-2])
			}
			return nil, io.EOF
		}
		if err != nil {
			return nil, readFailure(err, "between parts", &r.s)
		}
		p, err := r.open(raw)
		if err != nil || p != nil {
			return p, err
		}
		// a file input without a file: open made it the current part, so
		// the next round checks its size and skips it
	}
}

// finish reads the rest of the current part through its limit.
func (r *Reader) finish() error {
	cur := r.cur
	if cur == nil {
		return nil
	}
	var err error
	if cur.file {
		_, err = io.Copy(io.Discard, cur) // through Read, so FileSize still applies
	}
	cur.closed, r.cur = true, nil
	cur.src.Close()
	return err
}

// open classifies a new part, checks the count, name and extension
// limits, and reads a field's value. It returns nil, nil for a file input
// without a file.
func (r *Reader) open(raw *stdmultipart.Part) (*Part, error) {
	cd := raw.Header.Get("Content-Disposition")
	_, params, err := mime.ParseMediaType(cd)
	if err != nil {
		raw.Close()
		return nil, malformed(err, "a part has a malformed Content-Disposition %q: %v", cd, err)
	}
	name, hasName := params["name"]
	if !hasName {
		raw.Close()
		return nil, malformed(nil, "a part's Content-Disposition %q has no name; every form part needs one", cd)
	}
	if len(name) > r.s.fieldNameSize {
		raw.Close()
		return nil, tooLarge(CodeFieldNameSizeLimit, "a field name of %d bytes (starting %q) is longer than the fieldNameSize limit of %d bytes (multipart FieldNameSize)",
			len(name), truncateName(name), r.s.fieldNameSize)
	}
	p := &Part{FieldName: name, Header: raw.Header, ContentType: raw.Header.Get("Content-Type"), r: r, src: raw}
	filename, isFile := params["filename"]
	if isFile {
		r.files++
		if r.files > r.s.files {
			raw.Close()
			return nil, tooLarge(CodeFilesLimit, "the request has more than %d files, the files limit (multipart Files)", r.s.files)
		}
		p.file, p.limit = true, r.s.fileSize
		p.FileName = baseName(filename)
		if p.FileName == "" {
			r.cur = p
			return nil, nil
		}
		if ext := strings.ToLower(path.Ext(p.FileName)); !r.s.allows(ext) {
			raw.Close()
			return nil, &Error{Status: http.StatusBadRequest, Code: CodeInvalidFilename,
				Message: fmt.Sprintf("Invalid filename: %s (extension %q is not accepted; accepted: %s)", p.FileName, ext, r.s.describeWhitelist())}
		}
		r.cur = p
		return p, nil
	}
	r.fields++
	if r.fields > r.s.fields {
		raw.Close()
		return nil, tooLarge(CodeFieldsLimit, "the request has more than %d fields, the fields limit (multipart Fields)", r.s.fields)
	}
	value, err := io.ReadAll(io.LimitReader(raw, r.s.fieldSize+1))
	raw.Close()
	if err != nil {
		return nil, readFailure(err, fmt.Sprintf("in field %q", name), &r.s)
	}
	if int64(len(value)) > r.s.fieldSize {
		return nil, tooLarge(CodeFieldSizeLimit, "the value of field %q is larger than the fieldSize limit of %d bytes (multipart FieldSize)", name, r.s.fieldSize)
	}
	p.value = string(value)
	return p, nil
}

// describeWhitelist lists the accepted extensions for an error message.
func (s *settings) describeWhitelist() string {
	if len(s.exts) == 0 {
		return "none"
	}
	quoted := make([]string, len(s.exts))
	for i, e := range s.exts {
		if e == "" {
			e = "(no extension)"
		}
		quoted[i] = e
	}
	return strings.Join(quoted, " ")
}

// baseName drops any directory a browser put in a file name, with either
// kind of slash ("C:\fakepath\a.png" → "a.png").
func baseName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	return strings.TrimSpace(name)
}

// truncateName shortens a field name for a message.
func truncateName(name string) string {
	if len(name) > 40 {
		return name[:40]
	}
	return name
}

// ErrPartClosed is returned by Part.Read after the Reader moved past the
// part.
var ErrPartClosed = errors.New("multipart: the part was read after NextPart moved on; read each file before asking for the next part")

// endWatcher passes the body through and notes whether the closing
// delimiter ("--boundary--" at the start of a line) went by, so that an
// io.EOF from mime/multipart can be told apart: after the closing
// delimiter it is the end, anywhere else a body cut short.
type endWatcher struct {
	src    io.Reader
	marker []byte // "\n--boundary--"
	tail   []byte // the last len(marker)-1 bytes read (starts as "\n": the body's first line counts)
	seen   bool
}

func (w *endWatcher) Read(b []byte) (int, error) {
	n, err := w.src.Read(b)
	if n > 0 && !w.seen {
		chunk := b[:n]
		// a marker may straddle reads: look at the tail plus the start of chunk
		head := append(w.tail, chunk[:min(len(chunk), len(w.marker)-1)]...)
		w.seen = bytes.Contains(head, w.marker) || bytes.Contains(chunk, w.marker)
		if keep := len(w.marker) - 1; len(chunk) >= keep {
			w.tail = append(w.tail[:0], chunk[len(chunk)-keep:]...)
		} else {
			w.tail = append(w.tail, chunk...)
			w.tail = w.tail[max(0, len(w.tail)-keep):]
		}
	}
	return n, err
}
