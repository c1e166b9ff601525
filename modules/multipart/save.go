package multipart

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/textproto"
	"net/url"
	"os"
	"path"
	"strings"
)

// Form is a multipart body read whole (Egg's file mode): the field values
// and the files, saved to disk.
type Form struct {
	// Fields holds every field's values in the order sent (Egg's
	// ctx.request.body; a repeated name keeps all its values).
	Fields url.Values
	// Files lists the saved files in the order sent (Egg's
	// ctx.request.files).
	Files []*File
}

// Value returns the first value of the named field, or "".
func (f *Form) Value(name string) string { return f.Fields.Get(name) }

// File returns the first file sent in the named field, or nil.
func (f *Form) File(field string) *File {
	for _, file := range f.Files {
		if file.Field == field {
			return file
		}
	}
	return nil
}

// File is one uploaded file saved to disk.
type File struct {
	Field       string               // the form field's name
	Filename    string               // base name as the client sent it; never use it as a path
	ContentType string               // as the client sent it: a claim, not a check
	Size        int64                // bytes saved (at most FileSize)
	Path        string               // the saved file: a random name plus the lower-cased extension
	Header      textproto.MIMEHeader // the part's headers
}

// Open opens the saved file for reading.
func (f *File) Open() (*os.File, error) { return os.Open(f.Path) }

// Save reads the whole body of r and saves its files into dir, which must
// exist, with the Parser's limits changed by overrides. On any error the
// files saved so far are removed. Client errors are *Error values (see
// Reader.NextPart); failing to write a file is a plain error (a 500).
// Removing the files later is the caller's job; under egg, multipart.Save
// does it when the request ends.
func (p *Parser) Save(w http.ResponseWriter, r *http.Request, dir string, overrides ...Limits) (*Form, error) {
	rd, err := p.NewReader(w, r, overrides...)
	if err != nil {
		return nil, err
	}
	return rd.saveAll(func() (string, error) { return dir, nil })
}

// saveAll reads every remaining part, saving files into the directory
// that dir returns (called on the first file only).
func (r *Reader) saveAll(dir func() (string, error)) (*Form, error) {
	form := &Form{Fields: url.Values{}}
	fail := func(err error) (*Form, error) {
		for _, f := range form.Files {
			_ = os.Remove(f.Path)
		}
		return nil, err
	}
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			return form, nil
		}
		if err != nil {
			return fail(err)
		}
		if !p.IsFile() {
			form.Fields.Add(p.FieldName, p.Value())
			continue
		}
		d, err := dir()
		if err != nil {
			return fail(err)
		}
		f, err := saveFile(p, d)
		if f != nil {
			form.Files = append(form.Files, f)
		}
		if err != nil {
			return fail(err)
		}
	}
}

// saveFile copies a file part into a new file in dir. On error the new
// file is removed.
func saveFile(p *Part, dir string) (*File, error) {
	out, err := os.CreateTemp(dir, "upload-*"+safeExt(p.FileName))
	if err != nil {
		return nil, fmt.Errorf("multipart: cannot create a file for upload %q in %s: %w; check that TempDir (MULTIPART_TEMP_DIR) is writable", p.FileName, dir, err)
	}
	n, err := io.Copy(out, p)
	if cerr := out.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("multipart: cannot write upload %q to %s: %w", p.FileName, out.Name(), cerr)
	}
	if err != nil {
		_ = os.Remove(out.Name())
		var me *Error
		if !errors.As(err, &me) && !errors.Is(err, ErrPartClosed) {
			err = fmt.Errorf("multipart: cannot write upload %q to %s: %w", p.FileName, out.Name(), err)
		}
		return nil, err
	}
	return &File{Field: p.FieldName, Filename: p.FileName, ContentType: p.ContentType, Size: n, Path: out.Name(), Header: p.Header}, nil
}

// safeExt is the file name's extension, lower-cased, when it is short and
// made of letters and digits only; else "". Saved files keep it so that
// tools recognising files by name still work.
func safeExt(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if len(ext) < 2 || len(ext) > 16 {
		return ""
	}
	for _, c := range ext[1:] {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return ""
		}
	}
	return ext
}
