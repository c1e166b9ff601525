package egg_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

func TestClip(t *testing.T) {
	long := strings.Repeat("a", 500_000)
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"short", "/users/42", "/users/42"},
		{"exactly ClipLen", strings.Repeat("b", egg.ClipLen), strings.Repeat("b", egg.ClipLen)},
		{"one over", strings.Repeat("b", egg.ClipLen+1), strings.Repeat("b", egg.ClipLen) + "…[clipped, 513 bytes]"},
		{"500 KB", long, long[:egg.ClipLen] + "…[clipped, 500000 bytes]"},
		// a 3-byte rune straddles the cut: it is dropped whole, never split
		{"rune boundary", strings.Repeat("b", egg.ClipLen-1) + "€tail", strings.Repeat("b", egg.ClipLen-1) + "…[clipped, 518 bytes]"},
	}
	for _, tt := range tests {
		got := egg.Clip(tt.in)
		if got != tt.want || !utf8.ValidString(got) {
			t.Errorf("%s: got %q (%d bytes)", tt.name, got[:min(len(got), 80)], len(got))
		}
	}
}

// A 500 KB path segment must not come back in a response or land whole
// in a log line: every client-controlled string egg logs or echoes is
// clipped.
func TestLongPathIsClippedInLogsAndResponses(t *testing.T) {
	logs := &logBuffer{}
	var mu sync.Mutex
	var seen []error
	_, addr := startServer(t, nil, egg.WithLogHandler(logs.handler()),
		fx.Invoke(func(a *egg.App) {
			a.OnError(func(err error, _ *egg.Ctx) { mu.Lock(); seen = append(seen, err); mu.Unlock() })
		}),
		withRoutes(func(r *egg.Router) {
			r.Get("/users/:id", func(c *egg.Ctx) error { // ParamInt's 400 names the value it got
				_, err := c.ParamInt("id")
				return err
			})
			r.Get("/find/:id", func(c *egg.Ctx) error { return fmt.Errorf("no user %s", c.Param("id")) })
			r.Get("/note/:id", func(c *egg.Ctx) error {
				c.Logger().Warn("looked up", "id_len", len(c.Param("id")))
				return c.Text(200, "noted")
			})
			r.Get("/fields/:id", func(c *egg.Ctx) error {
				return egg.ValidationFailed(egg.FieldError{Field: c.Param("id"), Message: "unknown field", Code: egg.CodeInvalid})
			})
		}))
	seg := strings.Repeat("7", 500_000)
	for _, tt := range []struct {
		path string
		code int
	}{{"/users/", 400}, {"/find/", 500}, {"/note/", 200}, {"/fields/", 422}, {"/missing/", 404}} {
		res, err := http.Get("http://" + addr + tt.path + seg)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != tt.code || len(b) > 4096 {
			t.Errorf("%s: %d with a %d-byte body", tt.path, res.StatusCode, len(b))
		}
	}
	for _, line := range strings.Split(logs.String(), "\n") {
		if len(line) > 8192 {
			t.Errorf("a %d-byte log line: %.200s…", len(line), line)
		}
	}
	mustContain(t, logs.String(), "…[clipped, 500", `"msg":"looked up"`, `"msg":"request failed"`)
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 4 {
		t.Errorf("%d errors seen, want 4", len(seen))
	}
	for _, err := range seen {
		var e *egg.Error
		if len(err.Error()) > 4096 {
			t.Errorf("error listeners got an unclipped error (%d bytes)", len(err.Error()))
		} else if errors.As(err, &e) && len(e.Errors) > 0 && len(e.Errors[0].Field) > egg.ClipLen+64 {
			t.Errorf("field name of %d bytes", len(e.Errors[0].Field))
		}
	}
}

// Clipping keeps the error chain: errors.Is finds the cause and
// errors.As the (clipped) *egg.Error.
func TestClippedErrorKeepsItsChain(t *testing.T) {
	cause := errors.New("the cause")
	var seen error
	app := start(t, fx.Invoke(func(a *egg.App) { a.OnError(func(err error, _ *egg.Ctx) { seen = err }) }),
		withRoutes(func(r *egg.Router) {
			r.Get("/x/:v", func(c *egg.Ctx) error {
				return fmt.Errorf("wrapped: %w", egg.NewError(400, "bad_value", "bad value "+c.Param("v")).Wrap(cause))
			})
		}))
	w := serve(app, "GET", "/x/"+strings.Repeat("v", 10_000), nil)
	if w.Code != 400 || w.Body.Len() > 4096 || !strings.HasPrefix(w.Body.String(), "bad value vvv") {
		t.Errorf("%d %d bytes %.60q", w.Code, w.Body.Len(), w.Body.String())
	}
	var e *egg.Error
	if !errors.Is(seen, cause) || !errors.As(seen, &e) || e.Code != "bad_value" || len(e.Message) > 2*egg.ClipLen+64 {
		t.Errorf("chain lost: %T", seen)
	}
	if egg.StatusOf(seen) != 400 {
		t.Errorf("status %d", egg.StatusOf(seen))
	}
}

// FuzzClip: the result is a prefix of the input plus at most a marker,
// bounded, and valid UTF-8 whenever the input is.
func FuzzClip(f *testing.F) {
	for _, s := range []string{"", "/users/42", strings.Repeat("é", 400), strings.Repeat("a", egg.ClipLen) + "€", "\xff\xfe" + strings.Repeat("x", 600), strings.Repeat("\x80", 600)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := egg.Clip(s)
		if len(s) <= egg.ClipLen {
			if got != s {
				t.Fatalf("short string changed: %q -> %q", s, got)
			}
			return
		}
		head, marker, ok := strings.Cut(got, "…[clipped, ")
		if !ok || !strings.HasPrefix(s, head) || len(head) > egg.ClipLen || len(head) < egg.ClipLen-utf8.UTFMax {
			t.Fatalf("bad clip of %d bytes: head %d bytes, marker %q", len(s), len(head), marker)
		}
		if marker != fmt.Sprintf("%d bytes]", len(s)) {
			t.Fatalf("marker %q for %d bytes", marker, len(s))
		}
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("clipping broke UTF-8: %q", got[len(got)-40:])
		}
	})
}
