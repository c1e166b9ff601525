package eggtest

import (
	"bytes"
	"mime"
	"mime/multipart"
	"net/textproto"
	"path/filepath"
)

// MultipartBody is a multipart/form-data body being built (a browser's
// file upload form). Make one with Multipart, add fields and files in the
// order they are to be sent, and give it to Request.Multipart.
type MultipartBody struct {
	parts []multipartPart
}

type multipartPart struct {
	name, filename, contentType string
	content                     []byte
	file                        bool
}

// Multipart starts an empty multipart/form-data body:
//
//	app.POST("/upload").Multipart(eggtest.Multipart().
//		Field("title", "holiday").
//		File("photo", "beach.jpg", jpegBytes)).
//		Do().Status(201)
func Multipart() *MultipartBody { return &MultipartBody{} }

// Field adds a form field. Call it again with the same name to repeat the
// field.
func (m *MultipartBody) Field(name, value string) *MultipartBody {
	m.parts = append(m.parts, multipartPart{name: name, content: []byte(value)})
	return m
}

// File adds a file under the form field name, with the given file name
// and content. Its Content-Type follows the file name's extension, as a
// browser's does (image/jpeg for .jpg), and is application/octet-stream
// for an unknown one; FileType sets it.
func (m *MultipartBody) File(name, filename string, content []byte) *MultipartBody {
	ct := mime.TypeByExtension(filepath.Ext(filename))
	if ct == "" {
		ct = "application/octet-stream"
	}
	return m.FileType(name, filename, ct, content)
}

// FileType adds a file with an explicit Content-Type.
func (m *MultipartBody) FileType(name, filename, contentType string, content []byte) *MultipartBody {
	m.parts = append(m.parts, multipartPart{name: name, filename: filename, contentType: contentType,
		content: content, file: true})
	return m
}

// encode writes the body and returns it with its Content-Type (which
// carries the boundary). Writing to a bytes.Buffer cannot fail, so the
// writer's errors are not checked.
func (m *MultipartBody) encode() (contentType string, body []byte) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, p := range m.parts {
		if !p.file {
			_ = w.WriteField(p.name, string(p.content))
			continue
		}
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", multipart.FileContentDisposition(p.name, p.filename))
		h.Set("Content-Type", p.contentType)
		pw, _ := w.CreatePart(h)
		_, _ = pw.Write(p.content)
	}
	_ = w.Close()
	return w.FormDataContentType(), buf.Bytes()
}
