package logger

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzAccessLine checks that whatever path a client sends, the access
// line stays one line: valid JSON that gives the path back (invalid UTF-8
// as U+FFFD), or a logfmt line whose path field unquotes to it.
func FuzzAccessLine(f *testing.F) {
	for _, s := range []string{"/users/7", "/a b", `/q"x=y`, "/new\nline", "/\x00\x1f\x7f", "/bad\xff\xfe", "/\u2028\u2029", "/ü/日本"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, path string) {
		e := accessEntry{time: time.Unix(0, 0).UTC(), method: "GET", path: path, route: path, status: 200, ip: "::1", id: "x"}
		j := e.appendJSON(nil)
		if strings.Count(string(j), "\n") != 1 || j[len(j)-1] != '\n' {
			t.Fatalf("JSON line breaks: %q", j)
		}
		var v struct{ Path string }
		if err := json.Unmarshal(j, &v); err != nil {
			t.Fatalf("not JSON: %v: %q", err, j)
		}
		if want := strings.ToValidUTF8(path, "\uFFFD"); utf8.ValidString(path) && v.Path != want {
			t.Fatalf("path %q came back as %q", path, v.Path)
		}

		txt := string(e.appendText(nil))
		if strings.Count(txt, "\n") != 1 || !strings.HasSuffix(txt, "\n") {
			t.Fatalf("text line breaks: %q", txt)
		}
		rest := txt[strings.Index(txt, " path=")+len(" path="):]
		field := rest[:strings.Index(rest, " route=")]
		if strings.HasPrefix(field, `"`) {
			got, err := strconv.Unquote(field)
			if err != nil || got != path {
				t.Fatalf("path %q quoted as %s: %q, %v", path, field, got, err)
			}
		} else if field != path || strings.ContainsAny(field, " \"=") {
			t.Fatalf("path %q written bare as %q", path, field)
		}
	})
}
