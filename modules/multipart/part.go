package multipart

import (
	"fmt"
	"io"
	stdmultipart "mime/multipart"
	"net/textproto"
)

// Part is one part of a multipart body: a form field, whose value has
// been read already (Value), or a file, whose content is read from the
// connection through Read. Reading a file past FileSize fails with a 413
// *Error: the caller sees every byte up to the limit and then the error,
// never a silently shortened file.
type Part struct {
	// FieldName is the form field's name.
	FieldName string
	// FileName is the file's base name as the client sent it (any
	// directory dropped), or "" for a field. Never use it as a path.
	FileName string
	// ContentType is the part's Content-Type as the client sent it (a
	// claim, not a check), or "".
	ContentType string
	// Header holds all the part's headers.
	Header textproto.MIMEHeader

	value  string
	file   bool
	limit  int64 // FileSize for a file
	n      int64 // bytes read so far
	closed bool
	r      *Reader
	src    *stdmultipart.Part
}

// IsFile reports whether the part is a file (its Content-Disposition has
// a filename).
func (p *Part) IsFile() bool { return p.file }

// Value is a field's value; "" for a file.
func (p *Part) Value() string { return p.value }

// Read reads a file's content. It returns io.EOF at the end of the file,
// an *Error with status 413 (code Request_fileSize_limit) as soon as the
// file proves larger than FileSize, an *Error with status 400 when the
// body is cut short or malformed, and ErrPartClosed once the Reader has
// moved to another part. A field has no content to read: use Value.
func (p *Part) Read(b []byte) (int, error) {
	if !p.file {
		return 0, fmt.Errorf("multipart: field %q is not a file; use Value", p.FieldName)
	}
	if p.closed || p.r.cur != p {
		return 0, ErrPartClosed
	}
	if p.r.err != nil {
		return 0, p.r.err
	}
	// read at most one byte past the limit: enough to know it is exceeded
	if room := p.limit + 1 - p.n; int64(len(b)) > room {
		b = b[:room]
	}
	n, err := p.src.Read(b)
	p.n += int64(n)
	if p.n > p.limit {
		p.r.err = tooLarge(CodeFileSizeLimit, "file %q (field %q) is larger than the fileSize limit of %d bytes (multipart FileSize)",
			p.FileName, p.FieldName, p.limit)
		return n - int(p.n-p.limit), p.r.err
	}
	if err != nil && err != io.EOF {
		p.r.err = readFailure(err, fmt.Sprintf("in file %q (field %q)", p.FileName, p.FieldName), &p.r.s)
		return n, p.r.err
	}
	return n, err
}

// Size is how many bytes of a file have been read so far.
func (p *Part) Size() int64 { return p.n }
