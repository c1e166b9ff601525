package multipart

import (
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

// Name is the module's name and the prefix (MULTIPART_) of its config's
// environment variables.
const Name = "multipart"

// Module is module "multipart" (Egg's egg-multipart). It declares Config
// and gives handlers Parts (Egg's stream mode) and Save (Egg's file mode),
// with per-route limits through WithLimits. It adds no middleware, so a
// request that reads no multipart body pays nothing but one map lookup
// when it ends (the check for files to remove).
var Module = egg.Module(Name,
	egg.Config(DefaultConfig()),
	egg.Scoped[*request](newRequestFactory),
	fx.Invoke(removeFilesAtEnd),
)

// request is the module's state for one request: the body is read once,
// and Save's files live in one directory removed when the request ends.
type request struct {
	parser   *Parser
	tempRoot string
	c        *egg.Ctx
	consumed bool
	form     *Form
	formErr  error
	dir      string
}

// cleanupKey marks, in Ctx values, a request whose files must be removed.
type cleanupKey struct{}

// limitsKey holds the route's Limits in Ctx values.
type limitsKey struct{}

func newRequestFactory(app *egg.App, cfg Config) (func(*egg.Ctx) *request, error) {
	p, err := New(cfg)
	if err != nil {
		return nil, err
	}
	root := cfg.TempDir
	if root == "" {
		root = filepath.Join(os.TempDir(), "egg-multipart-tmp", safeDirName(app.Name()))
	}
	return func(c *egg.Ctx) *request { return &request{parser: p, tempRoot: root, c: c} }, nil
}

// safeDirName keeps letters, digits, '.', '-' and '_' of an app name.
func safeDirName(name string) string {
	name = strings.Map(func(r rune) rune {
		if r == '.' || r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return r
		}
		return '_'
	}, name)
	if strings.Trim(name, ".") == "" {
		return "app"
	}
	return name
}

// removeFilesAtEnd removes a request's saved files once its response is
// done (egg's response event), whether the handler succeeded, failed or
// panicked.
func removeFilesAtEnd(app *egg.App) {
	log := app.CoreLogger()
	app.OnResponse(func(c *egg.Ctx) {
		v, ok := c.Get(cleanupKey{})
		if !ok {
			return
		}
		st := v.(*request)
		if err := os.RemoveAll(st.dir); err != nil {
			log.Warn("multipart: cannot remove a request's uploaded files", "dir", st.dir, "err", err)
		}
	})
}

// state returns the request's multipart state, or an error when the
// module is not in the app.
func state(c *egg.Ctx) (*request, error) {
	if egg.ConfigOf[Config](c.App().Configs()) == nil {
		return nil, &egg.Error{Status: http.StatusInternalServerError, Code: "multipart_not_loaded",
			Message: "multipart: multipart.Module is not in the app (or is disabled); add it to egg.Run / egg.New"}
	}
	return egg.Use[*request](c), nil
}

// reader starts reading the request body, once per request.
func (st *request) reader(overrides []Limits) (*Reader, error) {
	if st.consumed {
		return nil, &egg.Error{Status: http.StatusInternalServerError, Code: "multipart_consumed",
			Message: "multipart: the request body was already read by multipart.Parts or multipart.Save; read it once per request"}
	}
	st.consumed = true
	all := overrides
	if v, ok := st.c.Get(limitsKey{}); ok {
		all = append(append([]Limits(nil), v.([]Limits)...), overrides...)
	}
	for _, l := range all {
		if err := l.validate(); err != nil {
			return nil, &egg.Error{Status: http.StatusInternalServerError, Code: "multipart_bad_limits", Message: err.Error()}
		}
	}
	rd, err := st.parser.NewReader(st.c.Response(), st.c.Request(), all...)
	if err != nil {
		return nil, AsEggError(err)
	}
	return rd, nil
}

// mkdir creates the request's directory on its first file and marks the
// request for cleanup.
func (st *request) mkdir() (string, error) {
	if st.dir != "" {
		return st.dir, nil
	}
	if err := os.MkdirAll(st.tempRoot, 0o700); err != nil {
		return "", fmt.Errorf("multipart: cannot create TempDir %s: %w; set MULTIPART_TEMP_DIR to a writable directory", st.tempRoot, err)
	}
	dir, err := os.MkdirTemp(st.tempRoot, "req-*")
	if err != nil {
		return "", fmt.Errorf("multipart: cannot create a directory in TempDir %s: %w; set MULTIPART_TEMP_DIR to a writable directory", st.tempRoot, err)
	}
	st.dir = dir
	st.c.Set(cleanupKey{}, st)
	return dir, nil
}

// Parts iterates over the request's multipart body (Egg's stream mode:
// ctx.multipart()), one part at a time, without buffering files: read
// each file part before moving on, or it is skipped (still checked
// against FileSize). Fields come with their value read. The limits are
// the module's Config, then the route's WithLimits, then overrides.
//
//	for part, err := range multipart.Parts(c) {
//		if err != nil {
//			return err // 400, 413 or 415, already an *egg.Error
//		}
//		if part.IsFile() {
//			n, err := io.Copy(dst, part) // a 413 error if over FileSize
//			...
//		} else {
//			fields[part.FieldName] = part.Value()
//		}
//	}
//
// The iteration ends after the last part, or after yielding an error. A
// request body is read once: a second Parts or Save in one request yields
// an error.
func Parts(c *egg.Ctx, overrides ...Limits) iter.Seq2[*Part, error] {
	return func(yield func(*Part, error) bool) {
		st, err := state(c)
		if err != nil {
			yield(nil, err)
			return
		}
		rd, err := st.reader(overrides)
		if err != nil {
			yield(nil, err)
			return
		}
		for {
			p, err := rd.NextPart()
			if err == io.EOF {
				return
			}
			if err != nil {
				yield(nil, AsEggError(err))
				return
			}
			if !yield(p, nil) {
				return
			}
		}
	}
}

// Save reads the whole multipart body (Egg's file mode:
// ctx.saveRequestFiles()): fields into Form.Fields, files into a
// directory of their own under Config.TempDir, removed with everything
// in it when the request ends. Limits as for Parts. It reads the body
// once; later calls in the same request return the same Form (or error),
// so middleware and handler can share it.
func Save(c *egg.Ctx, overrides ...Limits) (*Form, error) {
	st, err := state(c)
	if err != nil {
		return nil, err
	}
	if st.form != nil || st.formErr != nil {
		return st.form, st.formErr
	}
	rd, err := st.reader(overrides)
	if err != nil {
		return nil, err
	}
	form, err := rd.saveAll(st.mkdir)
	if err != nil {
		st.formErr = AsEggError(err)
		return nil, st.formErr
	}
	st.form = form
	return form, nil
}

// WithLimits is a route middleware that changes the multipart limits for
// the routes behind it (zero fields keep the config's values):
//
//	r.With(multipart.WithLimits(multipart.Limits{FileSize: 200 << 20, Whitelist: []string{".mp4"}})).
//		Post("/videos", videos.Upload)
//
// Nested WithLimits apply outermost first. It panics on a malformed
// Whitelist entry, when the routes are built.
func WithLimits(l Limits) func(http.Handler) http.Handler {
	if err := l.validate(); err != nil {
		panic(err.Error())
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if c := egg.CtxFrom(r); c != nil {
				var all []Limits
				if v, ok := c.Get(limitsKey{}); ok {
					all = append(all, v.([]Limits)...)
				}
				c.Set(limitsKey{}, append(all, l))
			}
			next.ServeHTTP(w, r)
		})
	}
}

// validate checks the whitelist entries of an override.
func (l Limits) validate() error {
	for _, e := range l.Whitelist {
		if err := checkExtension(e); err != nil {
			return fmt.Errorf("multipart: Limits.Whitelist has %q: %v", e, err)
		}
	}
	return nil
}

// As lets errors.As see an *Error as an *egg.Error with the same status,
// code and message, so a handler may return any error from a Part, a
// Reader or Save as it is, and onerror renders it as the 4xx it is.
func (e *Error) As(target any) bool {
	t, ok := target.(**egg.Error)
	if ok {
		*t = &egg.Error{Status: e.Status, Code: e.Code, Message: e.Message, Err: e.Err}
	}
	return ok
}

// AsEggError converts an error from a Reader or Parser into an *egg.Error
// with the same status, code and message; any other error becomes a 500
// (a disk that cannot be written is the server's problem).
func AsEggError(err error) error {
	var ee *egg.Error
	if errors.As(err, &ee) {
		return ee
	}
	return &egg.Error{Status: http.StatusInternalServerError, Code: "multipart_failed", Message: err.Error(), Err: err}
}
