package multipart_test

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/multipart"
	"github.com/egg-go/egg/modules/onerror"
)

func TestMain(m *testing.M) { eggtest.VerifyTestMain(m) }

var modes = []string{"/stream", "/save"}

func TestReadsFieldsAndFiles(t *testing.T) {
	u := start(t)
	png := strings.Repeat("\x89PNG", 1000)
	ct, body := encode(t,
		text("title", "holiday"),
		file("photo", "beach.png", png),
		text("tag", "a"), text("tag", "b"),
		file("doc", `C:\fakepath\notes.JSON`, `{"a":1}`),
		field{name: "empty", file: true}, // a file input left empty
	)
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			status, res, bad := u.post(t, mode, ct, body)
			if status != 200 {
				t.Fatalf("status %d: %+v", status, bad)
			}
			if got := res.Fields["title"]; !slices.Equal(got, []string{"holiday"}) {
				t.Errorf("title = %q", got)
			}
			if got := res.Fields["tag"]; !slices.Equal(got, []string{"a", "b"}) {
				t.Errorf("tag = %q, want both values in order", got)
			}
			if len(res.Files) != 2 {
				t.Fatalf("files = %+v, want photo and doc (the empty input skipped)", res.Files)
			}
			if f := res.Files[0]; f.Field != "photo" || f.Name != "beach.png" || f.Size != int64(len(png)) || f.Sum != sum([]byte(png)) {
				t.Errorf("photo = %+v", f)
			}
			if f := res.Files[1]; f.Name != "notes.JSON" || f.Size != 7 {
				t.Errorf("doc = %+v, want the base name of a Windows path and 7 bytes", f)
			}
			if mode == "/save" && !strings.HasSuffix(res.Files[1].Path, ".json") {
				t.Errorf("saved path %q, want the lower-cased extension kept", res.Files[1].Path)
			}
			if left := u.leftovers(t); len(left) != 0 {
				t.Errorf("temp dir after the request: %v, want it empty", left)
			}
		})
	}
}

func TestSavedFilesAreRemovedAtTheEnd(t *testing.T) {
	var paths []string
	check := func(c *egg.Ctx, form *multipart.Form) {
		for _, f := range form.Files {
			if _, err := os.Stat(f.Path); err != nil {
				panic("saved file missing during the request: " + err.Error())
			}
			paths = append(paths, f.Path)
		}
	}
	u := start(t, egg.Routes(func(r *egg.Router) {
		r.Post("/fails", func(c *egg.Ctx) error {
			form, err := multipart.Save(c)
			if err != nil {
				return err
			}
			check(c, form)
			return c.Throw(422, "the handler refused the upload")
		})
		r.Post("/panics", func(c *egg.Ctx) error {
			form, err := multipart.Save(c)
			if err != nil {
				return err
			}
			check(c, form)
			panic("boom")
		})
		r.Post("/twice", func(c *egg.Ctx) error {
			a, err := multipart.Save(c)
			if err != nil {
				return err
			}
			b, err := multipart.Save(c)
			if err != nil || a != b {
				return fmt.Errorf("second Save = %p, %v; want the same form", b, err)
			}
			check(c, a)
			return c.JSON(200, result{})
		})
	}))
	ct, body := encode(t, file("a", "a.png", "aaa"), file("b", "b.gif", "bbb"), text("x", "y"))
	for _, path := range []string{"/save", "/fails", "/panics", "/twice"} {
		t.Run(path, func(t *testing.T) {
			paths = nil
			status, res, _ := u.post(t, path, ct, body)
			want := map[string]int{"/save": 200, "/fails": 422, "/panics": 500, "/twice": 200}[path]
			if status != want {
				t.Fatalf("status %d, want %d", status, want)
			}
			for _, f := range res.Files {
				paths = append(paths, f.Path)
			}
			if len(paths) != 2 {
				t.Fatalf("saw %d saved files, want 2", len(paths))
			}
			for _, p := range paths {
				if _, err := os.Stat(p); !os.IsNotExist(err) {
					t.Errorf("%s still exists after the request (%v)", p, err)
				}
			}
			if left := u.leftovers(t); len(left) != 0 {
				t.Errorf("temp dir after the request: %v, want it empty", left)
			}
		})
	}
}

func TestDefaultFileSizeLimit(t *testing.T) {
	u := start(t)
	exact := strings.Repeat("x", multipart.DefaultFileSize)
	for _, mode := range modes {
		t.Run(mode+" exactly 10 MiB", func(t *testing.T) {
			ct, body := encode(t, file("f", "big.zip", exact))
			status, res, bad := u.post(t, mode, ct, body)
			if status != 200 || len(res.Files) != 1 || res.Files[0].Size != multipart.DefaultFileSize {
				t.Fatalf("status %d, files %+v, error %+v", status, res.Files, bad)
			}
		})
		t.Run(mode+" one byte more", func(t *testing.T) {
			ct, body := encode(t, file("f", "big.zip", exact+"y"))
			status, _, bad := u.post(t, mode, ct, body)
			if status != 413 || bad.Code != multipart.CodeFileSizeLimit {
				t.Fatalf("status %d, %+v; want 413 %s", status, bad, multipart.CodeFileSizeLimit)
			}
			if !strings.Contains(bad.Message, "10485760") || !strings.Contains(bad.Message, "big.zip") {
				t.Errorf("message %q does not name the limit and the file", bad.Message)
			}
			if left := u.leftovers(t); len(left) != 0 {
				t.Errorf("temp dir after a refused upload: %v", left)
			}
		})
	}
}

func TestLimits(t *testing.T) {
	u := start(t)
	files := func(n int) []field {
		var out []field
		for i := range n {
			out = append(out, file(fmt.Sprintf("f%d", i), fmt.Sprintf("%d.png", i), "png"))
		}
		return out
	}
	fields := func(n int) []field {
		var out []field
		for i := range n {
			out = append(out, text(fmt.Sprintf("k%d", i), "v"))
		}
		return out
	}
	emptyInputs := func(n int) []field {
		var out []field
		for i := range n {
			out = append(out, field{name: fmt.Sprintf("e%d", i), file: true})
		}
		return out
	}
	tests := []struct {
		name   string
		parts  []field
		status int
		code   string
		inMsg  string
	}{
		{"10 files", files(10), 200, "", ""},
		{"11 files", files(11), 413, multipart.CodeFilesLimit, "more than 10 files"},
		{"11 empty file inputs", emptyInputs(11), 413, multipart.CodeFilesLimit, "files limit"},
		{"10 fields", fields(10), 200, "", ""},
		{"11 fields", fields(11), 413, multipart.CodeFieldsLimit, "more than 10 fields"},
		{"10 fields and 10 files", append(fields(10), files(10)...), 200, "", ""},
		{"field of 100 KiB", []field{text("bio", strings.Repeat("b", 100<<10))}, 200, "", ""},
		{"field of 100 KiB + 1", []field{text("bio", strings.Repeat("b", 100<<10+1))}, 413, multipart.CodeFieldSizeLimit, `field "bio"`},
		{"field name of 100 bytes", []field{text(strings.Repeat("n", 100), "v")}, 200, "", ""},
		{"field name of 101 bytes", []field{text(strings.Repeat("n", 101), "v")}, 413, multipart.CodeFieldNameSizeLimit, "fieldNameSize limit of 100"},
		{"forbidden extension", []field{file("f", "run.exe", "MZ")}, 400, multipart.CodeInvalidFilename, "Invalid filename: run.exe"},
		{"no extension", []field{file("f", "README", "hi")}, 400, multipart.CodeInvalidFilename, "Invalid filename: README"},
		{"txt is not in Egg's list", []field{file("f", "a.txt", "hi")}, 400, multipart.CodeInvalidFilename, ".txt"},
		{"double extension", []field{file("f", "a.png.exe", "hi")}, 400, multipart.CodeInvalidFilename, ".exe"},
		{"upper case allowed", []field{file("f", "A.PNG", "hi")}, 200, "", ""},
		{"every default extension", func() []field {
			var out []field
			for i, e := range multipart.DefaultWhitelist()[:10] {
				out = append(out, file(fmt.Sprintf("f%d", i), "x"+e, "."))
			}
			return out
		}(), 200, "", ""},
	}
	for _, tt := range tests {
		for _, mode := range modes {
			t.Run(tt.name+" "+mode, func(t *testing.T) {
				ct, body := encode(t, tt.parts...)
				status, _, bad := u.post(t, mode, ct, body)
				if status != tt.status || bad.Code != tt.code {
					t.Fatalf("status %d %+v, want %d %q", status, bad, tt.status, tt.code)
				}
				if !strings.Contains(bad.Message, tt.inMsg) {
					t.Errorf("message %q, want it to contain %q", bad.Message, tt.inMsg)
				}
				if left := u.leftovers(t); len(left) != 0 {
					t.Errorf("temp dir after the request: %v", left)
				}
			})
		}
	}
}

func TestConfiguredLimits(t *testing.T) {
	u := start(t, egg.Configure(func(c *multipart.Config) {
		c.FileSize = 16
		c.FileExtensions = []string{"txt", ".PDF", ""}
	}))
	tests := []struct {
		name   string
		parts  []field
		status int
		code   string
	}{
		{"16 bytes", []field{file("f", "a.txt", strings.Repeat("1", 16))}, 200, ""},
		{"17 bytes", []field{file("f", "a.txt", strings.Repeat("1", 17))}, 413, multipart.CodeFileSizeLimit},
		{"added extension", []field{file("f", "a.pdf", "%PDF")}, 200, ""},
		{"no extension once allowed", []field{file("f", "Makefile", "all:")}, 200, ""},
		{"default list still applies", []field{file("f", "a.png", "png")}, 200, ""},
		{"others still refused", []field{file("f", "a.sh", "#!")}, 400, multipart.CodeInvalidFilename},
	}
	for _, tt := range tests {
		for _, mode := range modes {
			t.Run(tt.name+" "+mode, func(t *testing.T) {
				ct, body := encode(t, tt.parts...)
				if status, _, bad := u.post(t, mode, ct, body); status != tt.status || bad.Code != tt.code {
					t.Errorf("status %d %+v, want %d %q", status, bad, tt.status, tt.code)
				}
			})
		}
	}
	t.Run("whitelist replaces the defaults", func(t *testing.T) {
		u := start(t, egg.Configure(func(c *multipart.Config) { c.Whitelist = []string{".csv"} }))
		ct, body := encode(t, file("f", "a.png", "png"))
		if status, _, bad := u.post(t, "/stream", ct, body); status != 400 || !strings.Contains(bad.Message, "accepted: .csv") {
			t.Errorf("png with Whitelist [.csv] = %d %+v", status, bad)
		}
	})
	t.Run("any extension", func(t *testing.T) {
		t.Setenv("MULTIPART_WHITELIST", "*")
		u := start(t)
		ct, body := encode(t, file("f", "a.exe", "MZ"))
		if status, _, bad := u.post(t, "/stream", ct, body); status != 200 {
			t.Errorf("a.exe with MULTIPART_WHITELIST=* = %d %+v", status, bad)
		}
	})
}

func TestPerRouteLimits(t *testing.T) {
	u := start(t, egg.Routes(func(r *egg.Router) {
		small := r.With(multipart.WithLimits(multipart.Limits{FileSize: 8, Files: 1}))
		small.Post("/small/stream", streamHandler())
		small.Post("/small/save", saveHandler())
		videos := r.With(multipart.WithLimits(multipart.Limits{FileSize: 11 << 20, Whitelist: []string{"MP4"}}))
		videos.Post("/videos", saveHandler())
		// nested: the inner override wins for FileSize, the outer Files stays
		small.With(multipart.WithLimits(multipart.Limits{FileSize: 4})).Post("/smaller", streamHandler())
		r.Post("/call", streamHandler(multipart.Limits{Fields: 1}))
		r.Post("/nofiles", streamHandler(multipart.Limits{Whitelist: []string{}}))
	}))
	elevenMiB := strings.Repeat("v", 11<<20)
	tests := []struct {
		path   string
		parts  []field
		status int
		code   string
	}{
		{"/small/stream", []field{file("f", "a.png", "12345678")}, 200, ""},
		{"/small/stream", []field{file("f", "a.png", "123456789")}, 413, multipart.CodeFileSizeLimit},
		{"/small/save", []field{file("f", "a.png", "123456789")}, 413, multipart.CodeFileSizeLimit},
		{"/small/save", []field{file("f", "a.png", "1"), file("g", "b.png", "2")}, 413, multipart.CodeFilesLimit},
		{"/save", []field{file("f", "a.png", "123456789")}, 200, ""}, // other routes keep the config
		{"/videos", []field{file("f", "clip.mp4", elevenMiB)}, 200, ""},
		{"/videos", []field{file("f", "clip.mp4", elevenMiB+"!")}, 413, multipart.CodeFileSizeLimit},
		{"/videos", []field{file("f", "a.png", "png")}, 400, multipart.CodeInvalidFilename},
		{"/smaller", []field{file("f", "a.png", "1234")}, 200, ""},
		{"/smaller", []field{file("f", "a.png", "12345")}, 413, multipart.CodeFileSizeLimit},
		{"/smaller", []field{file("f", "a.png", "1"), file("g", "b.png", "2")}, 413, multipart.CodeFilesLimit},
		{"/call", []field{text("a", "1"), text("b", "2")}, 413, multipart.CodeFieldsLimit},
		{"/nofiles", []field{text("a", "1")}, 200, ""},
		{"/nofiles", []field{file("f", "a.png", "png")}, 400, multipart.CodeInvalidFilename},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s %d %s", tt.path, tt.status, tt.code), func(t *testing.T) {
			ct, body := encode(t, tt.parts...)
			if status, _, bad := u.post(t, tt.path, ct, body); status != tt.status || bad.Code != tt.code {
				t.Errorf("status %d %+v, want %d %q", status, bad, tt.status, tt.code)
			}
		})
	}
	if left := u.leftovers(t); len(left) != 0 {
		t.Errorf("temp dir after the requests: %v", left)
	}
}

func TestStreamSkipsUnreadFilesButChecksThem(t *testing.T) {
	u := start(t, egg.Configure(func(c *multipart.Config) { c.FileSize = 10 }),
		egg.Routes(func(r *egg.Router) {
			r.Post("/names", func(c *egg.Ctx) error {
				var names []string
				var kept *multipart.Part
				for part, err := range multipart.Parts(c) {
					if err != nil {
						return err
					}
					if kept != nil {
						if _, err := kept.Read(make([]byte, 1)); err != multipart.ErrPartClosed {
							return fmt.Errorf("reading a passed part: %v, want ErrPartClosed", err)
						}
					}
					kept = part
					names = append(names, part.FieldName)
				}
				return c.JSON(200, result{Fields: map[string][]string{"names": names}})
			})
			r.Post("/break", func(c *egg.Ctx) error {
				for part, err := range multipart.Parts(c) {
					if err != nil {
						return err
					}
					return c.JSON(200, result{Fields: map[string][]string{"first": {part.FieldName}}})
				}
				return c.JSON(200, result{})
			})
		}))
	ct, body := encode(t, file("a", "a.png", "0123456789"), file("b", "b.png", "x"), text("c", "v"))
	status, res, bad := u.post(t, "/names", ct, body)
	if status != 200 || !slices.Equal(res.Fields["names"], []string{"a", "b", "c"}) {
		t.Errorf("status %d, %+v, %+v", status, res, bad)
	}
	ct, body = encode(t, file("a", "a.png", "0123456789!"), text("c", "v"))
	if status, _, bad := u.post(t, "/names", ct, body); status != 413 || bad.Code != multipart.CodeFileSizeLimit {
		t.Errorf("an unread file over the limit: %d %+v, want 413", status, bad)
	}
	status, res, _ = u.post(t, "/break", ct, body)
	if status != 200 || !slices.Equal(res.Fields["first"], []string{"a"}) {
		t.Errorf("break after the first part: %d %+v", status, res)
	}
}

func TestNotMultipartAndMalformed(t *testing.T) {
	u := start(t)
	_, good := encode(t, text("a", "b"))
	tests := []struct {
		name        string
		contentType string
		body        string
		status      int
		code        string
	}{
		{"no Content-Type", "", "a=b", 415, multipart.CodeUnsupportedType},
		{"json", "application/json", `{"a":1}`, 415, multipart.CodeUnsupportedType},
		{"urlencoded", "application/x-www-form-urlencoded", "a=b", 415, multipart.CodeUnsupportedType},
		{"bad Content-Type", "multipart/form-data; boundary", "", 400, multipart.CodeInvalidMultipart},
		{"no boundary", "multipart/form-data", string(good), 400, multipart.CodeInvalidMultipart},
		{"boundary too long", "multipart/form-data; boundary=" + strings.Repeat("b", 71), "", 400, multipart.CodeInvalidMultipart},
		{"wrong boundary", "multipart/form-data; boundary=nothere", string(good), 400, multipart.CodeInvalidMultipart},
		{"empty body", "multipart/form-data; boundary=xyz", "", 400, multipart.CodeInvalidMultipart},
		{"garbage", "multipart/form-data; boundary=xyz", "\x00\x01garbage\r\n\r\n", 400, multipart.CodeInvalidMultipart},
		{"no closing boundary", "multipart/form-data; boundary=xyz",
			"--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue", 400, multipart.CodeInvalidMultipart},
		{"file with no closing boundary", "multipart/form-data; boundary=xyz",
			"--xyz\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.png\"\r\n\r\npng-data", 400, multipart.CodeInvalidMultipart},
		{"no Content-Disposition", "multipart/form-data; boundary=xyz",
			"--xyz\r\nContent-Type: text/plain\r\n\r\nv\r\n--xyz--\r\n", 400, multipart.CodeInvalidMultipart},
		{"no name", "multipart/form-data; boundary=xyz",
			"--xyz\r\nContent-Disposition: form-data; filename=\"a.png\"\r\n\r\nv\r\n--xyz--\r\n", 400, multipart.CodeInvalidMultipart},
		{"malformed disposition", "multipart/form-data; boundary=xyz",
			"--xyz\r\nContent-Disposition: form-data; name=\"a\r\n\r\nv\r\n--xyz--\r\n", 400, multipart.CodeInvalidMultipart},
		{"headers never end", "multipart/form-data; boundary=xyz",
			"--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n", 400, multipart.CodeInvalidMultipart},
		{"no parts is fine", "multipart/form-data; boundary=xyz", "--xyz--\r\n", 200, ""},
		{"multipart/mixed works too", "multipart/mixed; boundary=xyz",
			"--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--xyz--\r\n", 200, ""},
	}
	for _, tt := range tests {
		for _, mode := range modes {
			t.Run(tt.name+" "+mode, func(t *testing.T) {
				status, _, bad := u.post(t, mode, tt.contentType, []byte(tt.body))
				if status != tt.status || bad.Code != tt.code {
					t.Errorf("status %d %+v, want %d %q", status, bad, tt.status, tt.code)
				}
				if status >= 400 && bad.Message == "" {
					t.Error("an error without a message")
				}
			})
		}
	}
	if left := u.leftovers(t); len(left) != 0 {
		t.Errorf("temp dir after the requests: %v", left)
	}
}

func TestTruncationAttempts(t *testing.T) {
	u := start(t)
	content := strings.Repeat("0123456789", 1000)
	ct, body := encode(t, text("title", "t"), file("f", "a.png", content))
	for _, mode := range modes {
		t.Run("Content-Length smaller than the body "+mode, func(t *testing.T) {
			// the server reads only what was declared: the file is cut
			// short in the middle, which must be a 400, not a short file
			declared := len(body) / 2
			head := fmt.Sprintf("POST %s HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\nContent-Type: %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n",
				mode, ct, declared)
			status, res, bad := u.raw(t, head, body)
			if status != 400 || bad.Code != multipart.CodeInvalidMultipart {
				t.Fatalf("status %d %+v %+v, want 400 %s", status, res, bad, multipart.CodeInvalidMultipart)
			}
			if left := u.leftovers(t); len(left) != 0 {
				t.Errorf("a partial file was kept: %v", left)
			}
		})
		t.Run("chunked body that stops early "+mode, func(t *testing.T) {
			cut := body[:len(body)-200]
			head := fmt.Sprintf("POST %s HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\nContent-Type: %s\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n", mode, ct)
			chunked := append([]byte(fmt.Sprintf("%x\r\n", len(cut))), cut...)
			chunked = append(chunked, "\r\n0\r\n\r\n"...)
			status, _, bad := u.raw(t, head, chunked)
			if status != 400 || bad.Code != multipart.CodeInvalidMultipart {
				t.Fatalf("status %d %+v, want 400", status, bad)
			}
		})
		t.Run("a part that declares a small Content-Length "+mode, func(t *testing.T) {
			// part headers carry no framing: the whole file arrives
			ct, body := encode(t, field{name: "f", filename: "a.png", content: content, file: true, header: map[string]string{"Content-Length": "5"}})
			status, res, bad := u.post(t, mode, ct, body)
			if status != 200 || len(res.Files) != 1 || res.Files[0].Size != int64(len(content)) || res.Files[0].Sum != sum([]byte(content)) {
				t.Fatalf("status %d, files %+v, %+v: want the whole file", status, res.Files, bad)
			}
		})
	}
	t.Run("Content-Length over what the limits allow", func(t *testing.T) {
		head := fmt.Sprintf("POST /stream HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\nContent-Type: %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n",
			ct, int64(1)<<40)
		status, _, bad := u.raw(t, head, body)
		if status != 413 || bad.Code != multipart.CodeBodyLimit {
			t.Fatalf("status %d %+v, want 413 %s", status, bad, multipart.CodeBodyLimit)
		}
	})
	t.Run("a preamble larger than the body limit", func(t *testing.T) {
		u := start(t, egg.Configure(func(c *multipart.Config) {
			c.Files, c.Fields, c.FileSize, c.FieldSize = 1, 1, 10, 10
		}))
		junk := strings.Repeat("preamble\r\n", 8000) // 80 KB > 3 parts × 16 KiB + 20 bytes
		body := junk + "\r\n--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--xyz--\r\n"
		head := fmt.Sprintf("POST /stream HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\nContent-Type: multipart/form-data; boundary=xyz\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n%x\r\n", len(body))
		status, _, bad := u.raw(t, head, []byte(body+"\r\n0\r\n\r\n"))
		if status != 413 || bad.Code != multipart.CodeBodyLimit {
			t.Fatalf("status %d %+v, want 413 %s", status, bad, multipart.CodeBodyLimit)
		}
	})
}

func TestBodyIsReadOnce(t *testing.T) {
	u := start(t, egg.Routes(func(r *egg.Router) {
		r.Post("/both", func(c *egg.Ctx) error {
			for _, err := range multipart.Parts(c) {
				if err != nil {
					return err
				}
			}
			_, err := multipart.Save(c)
			return err
		})
	}))
	ct, body := encode(t, text("a", "b"))
	status, _, bad := u.post(t, "/both", ct, body)
	if status != 500 || bad.Code != "multipart_consumed" {
		t.Errorf("Parts then Save = %d %+v, want 500 multipart_consumed", status, bad)
	}
}

func TestWithoutTheModule(t *testing.T) {
	app := eggtest.New(t, onerror.Module, egg.Routes(func(r *egg.Router) {
		r.Post("/up", streamHandler())
	}))
	ct, body := encode(t, text("a", "b"))
	res := app.POST("/up").Header("Accept", "application/json").Body(ct, string(body)).Do().Status(500)
	if !strings.Contains(res.Body(), "multipart_not_loaded") {
		t.Errorf("body %s, want code multipart_not_loaded", res.Body())
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		fn   func(*multipart.Config)
		want string
	}{
		{"file size", func(c *multipart.Config) { c.FileSize = 0 }, "FileSize (MULTIPART_FILE_SIZE) is 0"},
		{"field size", func(c *multipart.Config) { c.FieldSize = -1 }, "FieldSize (MULTIPART_FIELD_SIZE) is -1"},
		{"name size", func(c *multipart.Config) { c.FieldNameSize = 0 }, "FieldNameSize (MULTIPART_FIELD_NAME_SIZE)"},
		{"files", func(c *multipart.Config) { c.Files = -1 }, "Files (MULTIPART_FILES) is -1"},
		{"fields", func(c *multipart.Config) { c.Fields = -2 }, "Fields (MULTIPART_FIELDS) is -2"},
		{"glob extension", func(c *multipart.Config) { c.Whitelist = []string{"*.png"} }, `Whitelist (MULTIPART_WHITELIST) has "*.png"`},
		{"path extension", func(c *multipart.Config) { c.FileExtensions = []string{"a/b"} }, `FileExtensions (MULTIPART_FILE_EXTENSIONS) has "a/b"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := eggtest.Start(t, multipart.Module, egg.Configure(tt.fn))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
	t.Run("WithLimits panics on a bad extension", func(t *testing.T) {
		defer func() {
			if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), `"*.mp4"`) {
				t.Errorf("recovered %v", r)
			}
		}()
		multipart.WithLimits(multipart.Limits{Whitelist: []string{"*.mp4"}})
	})
}

func TestParserWithoutEgg(t *testing.T) {
	p, err := multipart.New(multipart.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ct, body := encode(t, text("a", "1"), file("f", "x.png", "png!"))
	req := newRequest(ct, body)
	form, err := p.Save(nil, req, dir)
	if err != nil {
		t.Fatal(err)
	}
	if form.Value("a") != "1" || form.File("f") == nil || form.File("nope") != nil {
		t.Fatalf("form = %+v", form)
	}
	f, err := form.File("f").Open()
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(f)
	f.Close()
	if string(data) != "png!" {
		t.Errorf("saved %q", data)
	}
	// a failed Save leaves nothing behind
	ct, body = encode(t, file("f", "x.png", "png!"), file("g", "y.exe", "MZ"))
	dir2 := t.TempDir()
	if _, err := p.Save(nil, newRequest(ct, body), dir2); err == nil {
		t.Fatal("Save accepted an .exe")
	}
	if entries, _ := os.ReadDir(dir2); len(entries) != 0 {
		t.Errorf("files left after a failed Save: %v", entries)
	}
	if _, err := multipart.New(multipart.Config{}); err == nil {
		t.Error("New(Config{}) succeeded; want the zero limits refused")
	}
}
