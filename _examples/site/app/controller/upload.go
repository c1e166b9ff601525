package controller

import (
	"io"
	"net/http"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/multipart"
)

// uploadField is the multipart field that carries the file.
const uploadField = "file"

// Uploaded is the answer of POST /upload.
type Uploaded struct {
	Name string `json:"name"`
	Size int64  `json:"size"`
}

// Upload receives files.
type Upload struct{}

// NewUpload returns the upload controller.
func NewUpload() *Upload { return &Upload{} }

// Create answers POST /upload: it reads the multipart body in stream
// mode (nothing is buffered or written to disk), counts the bytes of the
// file in field "file" and answers its name and size as JSON. The
// multipart module enforces the limits while the file is read: a file
// over 10 MiB is a 413, an extension outside config.UploadExtensions a
// 400, a body that is not multipart a 415. Other fields (a CSRF token in
// token mode) are ignored.
func (u *Upload) Create(c *egg.Ctx) error {
	var got *Uploaded
	for part, err := range multipart.Parts(c) {
		if err != nil {
			return err
		}
		if !part.IsFile() || part.FieldName != uploadField {
			continue // a skipped file is still checked against the limits
		}
		if got != nil {
			return egg.NewError(http.StatusBadRequest, "too_many_files", `send one file in the multipart field "file"`)
		}
		n, err := io.Copy(io.Discard, part) // a real app would store it here
		if err != nil {
			return err
		}
		got = &Uploaded{Name: part.FileName, Size: n}
	}
	if got == nil {
		return egg.NewError(http.StatusBadRequest, "missing_file", `send the file in the multipart field "file"`)
	}
	return c.JSON(http.StatusOK, got)
}
