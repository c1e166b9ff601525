package multipart_test

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	stdmultipart "mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/multipart"
	"github.com/egg-go/egg/modules/onerror"
	"go.uber.org/fx"
)

// field is one part to send: a file when filename is set (or file is
// true, for an empty file input).
type field struct {
	name, filename, content string
	file                    bool
	header                  map[string]string
}

func text(name, value string) field { return field{name: name, content: value} }

func file(name, filename, content string) field {
	return field{name: name, filename: filename, content: content, file: true}
}

// encode writes parts as a multipart/form-data body.
func encode(t testing.TB, parts ...field) (contentType string, body []byte) {
	t.Helper()
	var b bytes.Buffer
	w := stdmultipart.NewWriter(&b)
	for _, p := range parts {
		h := textproto.MIMEHeader{}
		cd := fmt.Sprintf(`form-data; name=%q`, p.name)
		if p.file || p.filename != "" {
			cd += fmt.Sprintf(`; filename=%q`, p.filename)
			h.Set("Content-Type", "application/octet-stream")
		}
		h.Set("Content-Disposition", cd)
		for k, v := range p.header {
			h.Set(k, v)
		}
		pw, err := w.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(pw, p.content); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return w.FormDataContentType(), b.Bytes()
}

// result is what the test routes answer.
type result struct {
	Fields map[string][]string `json:"fields"`
	Files  []fileResult        `json:"files"`
}

type fileResult struct {
	Field string `json:"field"`
	Name  string `json:"name"`
	Size  int64  `json:"size"`
	Sum   string `json:"sum"`
	Path  string `json:"path,omitempty"`
}

// errorBody is onerror's JSON error body.
type errorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:8])
}

// streamHandler reads every part with Parts and reports what it read.
func streamHandler(overrides ...multipart.Limits) egg.HandlerFunc {
	return func(c *egg.Ctx) error {
		res := result{Fields: map[string][]string{}}
		for part, err := range multipart.Parts(c, overrides...) {
			if err != nil {
				return err
			}
			if !part.IsFile() {
				res.Fields[part.FieldName] = append(res.Fields[part.FieldName], part.Value())
				continue
			}
			data, err := io.ReadAll(part)
			if err != nil {
				return err
			}
			res.Files = append(res.Files, fileResult{Field: part.FieldName, Name: part.FileName, Size: int64(len(data)), Sum: sum(data)})
		}
		return c.JSON(200, res)
	}
}

// saveHandler reads the body with Save, checks that each file is on
// disk, and reports the files with their paths.
func saveHandler(overrides ...multipart.Limits) egg.HandlerFunc {
	return func(c *egg.Ctx) error {
		form, err := multipart.Save(c, overrides...)
		if err != nil {
			return err
		}
		res := result{Fields: form.Fields}
		for _, f := range form.Files {
			data, err := os.ReadFile(f.Path)
			if err != nil {
				return err
			}
			res.Files = append(res.Files, fileResult{Field: f.Field, Name: f.Filename, Size: f.Size, Sum: sum(data), Path: f.Path})
		}
		return c.JSON(200, res)
	}
}

// uploads is a running app: its URL and its upload temp dir.
type uploads struct {
	app     *eggtest.App
	srv     *httptest.Server
	tempDir string
}

// start runs an app with the multipart and onerror modules and the test
// routes on a real socket; TempDir is a fresh directory.
func start(t testing.TB, opts ...fx.Option) *uploads {
	t.Helper()
	tmp := filepath.Join(t.TempDir(), "uploads")
	all := append([]fx.Option{onerror.Module, multipart.Module,
		egg.Configure(func(c *multipart.Config) { c.TempDir = tmp }),
		egg.Routes(func(r *egg.Router) {
			r.Post("/stream", streamHandler())
			r.Post("/save", saveHandler())
		})}, opts...)
	app := eggtest.New(t, all...)
	srv := httptest.NewServer(app)
	t.Cleanup(srv.Close)
	return &uploads{app: app, srv: srv, tempDir: tmp}
}

// post sends body with contentType to path and decodes the answer: a
// result for 200, an errorBody otherwise.
func (u *uploads) post(t testing.TB, path, contentType string, body []byte) (int, result, errorBody) {
	t.Helper()
	req, err := http.NewRequest("POST", u.srv.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Accept", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	return decode(t, res)
}

func decode(t testing.TB, res *http.Response) (int, result, errorBody) {
	t.Helper()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	var ok result
	var bad errorBody
	if res.StatusCode == 200 {
		err = json.Unmarshal(data, &ok)
	} else {
		err = json.Unmarshal(data, &bad)
	}
	if err != nil {
		t.Fatalf("status %d, body %q: %v", res.StatusCode, data, err)
	}
	return res.StatusCode, ok, bad
}

// raw writes head and body to the server as they are (no client-side
// framing) and reads the response.
func (u *uploads) raw(t testing.TB, head string, body []byte) (int, result, errorBody) {
	t.Helper()
	conn, err := net.Dial("tcp", u.srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, head); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Write(body); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	return decode(t, res)
}

// leftovers lists what is left in the temp dir (nothing, after every
// request has ended).
func (u *uploads) leftovers(t testing.TB) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(u.tempDir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != u.tempDir {
			out = append(out, strings.TrimPrefix(p, u.tempDir))
		}
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return out
}

// newRequest is a POST with body, for the Parser used without egg.
func newRequest(contentType string, body []byte) *http.Request {
	r := httptest.NewRequest("POST", "/", bytes.NewReader(body))
	r.Header.Set("Content-Type", contentType)
	return r
}
