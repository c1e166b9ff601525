package multipart_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	stdmultipart "mime/multipart"
	"net/http/httptest"
	"strings"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/multipart"
)

// form builds a small upload: a title and a file.
func form(fileContent string) (contentType string, body []byte) {
	var b bytes.Buffer
	w := stdmultipart.NewWriter(&b)
	_ = w.WriteField("title", "holiday")
	fw, _ := w.CreateFormFile("photo", "beach.png")
	_, _ = io.WriteString(fw, fileContent)
	_ = w.Close()
	return w.FormDataContentType(), b.Bytes()
}

func ExampleParser_NewReader() {
	cfg := multipart.DefaultConfig()
	cfg.FileSize = 8
	p, err := multipart.New(cfg)
	if err != nil {
		panic(err)
	}
	for _, content := range []string{"12345678", "123456789"} {
		ct, body := form(content)
		r := httptest.NewRequest("POST", "/upload", bytes.NewReader(body))
		r.Header.Set("Content-Type", ct)
		rd, err := p.NewReader(nil, r)
		if err != nil {
			panic(err)
		}
		for {
			part, err := rd.NextPart()
			if err == io.EOF {
				break
			}
			if err == nil && part.IsFile() {
				var n int64
				n, err = io.Copy(io.Discard, part)
				fmt.Printf("file %s: %d bytes\n", part.FileName, n)
			} else if err == nil {
				fmt.Printf("field %s=%s\n", part.FieldName, part.Value())
			}
			var me *multipart.Error
			if errors.As(err, &me) {
				fmt.Println(me.Status, me.Code)
				break
			}
		}
	}
	// Output:
	// field title=holiday
	// file beach.png: 8 bytes
	// field title=holiday
	// file beach.png: 8 bytes
	// 413 Request_fileSize_limit
}

func ExampleParts() {
	app, err := egg.New(multipart.Module, egg.LogOutput(io.Discard), egg.Routes(func(r *egg.Router) {
		r.Post("/upload", func(c *egg.Ctx) error {
			var out []string
			for part, err := range multipart.Parts(c) {
				if err != nil {
					return err // a 4xx *egg.Error
				}
				if part.IsFile() {
					n, err := io.Copy(io.Discard, part) // stream it where it belongs
					if err != nil {
						return err
					}
					out = append(out, fmt.Sprintf("%s=%s (%d bytes)", part.FieldName, part.FileName, n))
				} else {
					out = append(out, part.FieldName+"="+part.Value())
				}
			}
			return c.Text(200, strings.Join(out, ", "))
		})
	}))
	if err != nil {
		panic(err)
	}
	if err := app.Start(context.Background()); err != nil {
		panic(err)
	}
	defer app.Stop(context.Background())

	ct, body := form("\x89PNG...")
	r := httptest.NewRequest("POST", "/upload", bytes.NewReader(body))
	r.Header.Set("Content-Type", ct)
	w := httptest.NewRecorder()
	app.ServeHTTP(w, r)
	fmt.Println(w.Code, w.Body.String())
	// Output:
	// 200 title=holiday, photo=beach.png (7 bytes)
}

func ExampleSave() {
	app, err := egg.New(multipart.Module, egg.LogOutput(io.Discard), egg.Routes(func(r *egg.Router) {
		small := r.With(multipart.WithLimits(multipart.Limits{FileSize: 4}))
		small.Post("/avatar", func(c *egg.Ctx) error {
			form, err := multipart.Save(c) // files are removed when the request ends
			if err != nil {
				return err
			}
			f := form.File("photo")
			return c.Text(200, fmt.Sprintf("%s: %d bytes saved for %q", f.Filename, f.Size, form.Value("title")))
		})
	}))
	if err != nil {
		panic(err)
	}
	if err := app.Start(context.Background()); err != nil {
		panic(err)
	}
	defer app.Stop(context.Background())

	for _, content := range []string{"tiny", "too big"} {
		ct, body := form(content)
		r := httptest.NewRequest("POST", "/avatar", bytes.NewReader(body))
		r.Header.Set("Content-Type", ct)
		w := httptest.NewRecorder()
		app.ServeHTTP(w, r)
		fmt.Println(w.Code, w.Body.String())
	}
	// Output:
	// 200 beach.png: 4 bytes saved for "holiday"
	// 413 file "beach.png" (field "photo") is larger than the fileSize limit of 4 bytes (multipart FileSize)
}
