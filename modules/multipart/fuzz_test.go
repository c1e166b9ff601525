package multipart_test

import (
	"bytes"
	"errors"
	"io"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/egg-go/egg/modules/multipart"
)

// fuzzConfig has small limits, so random inputs reach them.
func fuzzConfig() multipart.Config {
	c := multipart.DefaultConfig()
	c.FileSize, c.Files, c.Fields, c.FieldSize, c.FieldNameSize = 64, 3, 3, 32, 16
	c.FileExtensions = []string{".txt", ""}
	return c
}

// clientError fails the test unless err is a *multipart.Error with a 4xx
// status and a message.
func clientError(t *testing.T, err error, where string) {
	t.Helper()
	var me *multipart.Error
	if !errors.As(err, &me) {
		t.Fatalf("%s: error %v (%T) is not a *multipart.Error", where, err, err)
	}
	if me.Status != 400 && me.Status != 413 && me.Status != 415 {
		t.Fatalf("%s: status %d for %v", where, me.Status, err)
	}
	if me.Code == "" || me.Message == "" {
		t.Fatalf("%s: error without code or message: %+v", where, me)
	}
}

// parsed is what a successful read produced, for comparisons.
type parsed struct {
	names, values []string
}

// readAll reads every part of body with the Parser and checks every
// limit on what it hands out.
func readAll(t *testing.T, p *multipart.Parser, contentType string, body []byte) (parsed, error) {
	t.Helper()
	cfg := fuzzConfig()
	var out parsed
	r := httptest.NewRequest("POST", "/", bytes.NewReader(body))
	r.Header.Set("Content-Type", contentType)
	rd, err := p.NewReader(nil, r)
	if err != nil {
		clientError(t, err, "NewReader")
		return out, err
	}
	files, fields := 0, 0
	for {
		part, err := rd.NextPart()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			clientError(t, err, "NextPart")
			if _, again := rd.NextPart(); again != err {
				t.Fatalf("NextPart after %v returned %v; want the same error", err, again)
			}
			return out, err
		}
		if len(part.FieldName) > cfg.FieldNameSize {
			t.Fatalf("field name of %d bytes passed FieldNameSize %d", len(part.FieldName), cfg.FieldNameSize)
		}
		out.names = append(out.names, part.FieldName+"|"+part.FileName)
		if !part.IsFile() {
			fields++
			if fields > cfg.Fields || int64(len(part.Value())) > cfg.FieldSize {
				t.Fatalf("field %d of %d bytes passed the limits", fields, len(part.Value()))
			}
			out.values = append(out.values, part.Value())
			continue
		}
		files++
		if files > cfg.Files {
			t.Fatalf("file %d passed the Files limit %d", files, cfg.Files)
		}
		if part.FileName == "" {
			t.Fatal("a file part without a name was handed out")
		}
		data, err := io.ReadAll(part)
		if int64(len(data)) > cfg.FileSize {
			t.Fatalf("read %d bytes of a file, more than FileSize %d", len(data), cfg.FileSize)
		}
		if err != nil {
			clientError(t, err, "Part.Read")
			return out, err
		}
		out.values = append(out.values, string(data))
	}
}

func FuzzMultipart(f *testing.F) {
	ct := "multipart/form-data; boundary=B"
	f.Add(ct, []byte("--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.png\"\r\nContent-Type: image/png\r\n\r\nPNG\r\n--B--\r\n"))
	f.Add(ct, []byte("--B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.png\"\r\n\r\nno end"))
	f.Add("text/plain", []byte("a=b"))
	p, err := multipart.New(fuzzConfig())
	if err != nil {
		f.Fatal(err)
	}
	dir := f.TempDir() // one per fuzzing process; every failed Save leaves it empty
	f.Fuzz(func(t *testing.T, contentType string, body []byte) {
		if _, err := readAll(t, p, contentType, body); err != nil {
			// the same body saved to disk fails too, and leaves nothing
			r := httptest.NewRequest("POST", "/", bytes.NewReader(body))
			r.Header.Set("Content-Type", contentType)
			if _, serr := p.Save(nil, r, dir); serr == nil {
				t.Fatalf("Reader failed with %v but Save succeeded", err)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Fatalf("a failed Save left %d files", len(entries))
			}
		}
	})
}

// TestEveryCutIsAnErrorOrTheWholeBody cuts a valid body at every byte:
// each prefix must fail, or (once the closing boundary is in) read the
// same parts as the whole body. A prefix never passes for a complete,
// shorter file.
func TestEveryCutIsAnErrorOrTheWholeBody(t *testing.T) {
	ct, body := encode(t, text("title", "hello"), file("f", "a.txt", "0123456789abcdef"), text("n", "2"), file("g", "b.png", "PNG-DATA"))
	p, err := multipart.New(fuzzConfig())
	if err != nil {
		t.Fatal(err)
	}
	whole, err := readAll(t, p, ct, body)
	if err != nil {
		t.Fatal(err)
	}
	closing := bytes.LastIndex(body, []byte("--\r\n")) + 2 // just after "--boundary--"
	for cut := range len(body) {
		got, err := readAll(t, p, ct, body[:cut])
		if err == nil {
			if cut < closing {
				t.Fatalf("cut at %d of %d (before the closing boundary at %d) read as complete: %q", cut, len(body), closing, got.values)
			}
			if !equal(got, whole) {
				t.Fatalf("cut at %d read %q, want the whole body's %q", cut, got.values, whole.values)
			}
		}
	}
}

func equal(a, b parsed) bool {
	if len(a.names) != len(b.names) || len(a.values) != len(b.values) {
		return false
	}
	for i := range a.names {
		if a.names[i] != b.names[i] {
			return false
		}
	}
	for i := range a.values {
		if a.values[i] != b.values[i] {
			return false
		}
	}
	return true
}
