package egg_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

func TestErrorsWithoutOnerror(t *testing.T) {
	app := start(t, withRoutes(func(r *egg.Router) {
		r.Get("/throw", func(c *egg.Ctx) error { return c.Throw(403, "nope", "code", "X", "retry", 3) })
		r.Get("/plain", func(c *egg.Ctx) error { return errors.New("db password is hunter2") })
		r.Get("/wrapped", func(c *egg.Ctx) error {
			return fmt.Errorf("loading: %w", egg.NewError(409, "conflict", "already exists"))
		})
		r.Get("/panic", func(c *egg.Ctx) error { panic("boom") })
		r.Get("/late", func(c *egg.Ctx) error { _ = c.Text(200, "partial"); return errors.New("after write") })
		r.Get("/status0", func(c *egg.Ctx) error { return &egg.Error{Message: "no status"} })
	}))
	tests := []struct {
		path string
		code int
		body string
	}{
		{"/throw", 403, "nope"},
		{"/plain", 500, "Internal Server Error"}, // never leaks the cause
		{"/wrapped", 409, "already exists"},
		{"/panic", 500, "Internal Server Error"},
		{"/late", 200, "partial"},
		{"/status0", 500, "Internal Server Error"},
	}
	for _, tt := range tests {
		w := serve(app, "GET", tt.path, nil)
		if w.Code != tt.code || w.Body.String() != tt.body {
			t.Errorf("%s: %d %q, want %d %q", tt.path, w.Code, w.Body.String(), tt.code, tt.body)
		}
	}
	if w := serve(app, "GET", "/throw", nil); w.Code != 403 {
		t.Error("the app keeps serving after a panic")
	}
}

func TestThrowProps(t *testing.T) {
	c := start(t).NewContext(context.Background())
	err := c.Throw(403, "", "code", "X", "retry", 3, 42, "ignored")
	var e *egg.Error
	if !errors.As(err, &e) || e.Code != "X" || e.Message != "Forbidden" || e.Props["retry"] != 3 || len(e.Props) != 1 {
		t.Errorf("%#v", err)
	}
	if egg.StatusOf(err) != 403 || egg.StatusOf(errors.New("x")) != 500 {
		t.Error("StatusOf")
	}
	v := egg.ValidationFailed(egg.FieldError{Field: "name", Code: egg.CodeMissingField, Message: "required"})
	if v.Error() != "422 invalid_param: Validation Failed; name required" {
		t.Errorf("%q", v.Error())
	}
	cause := errors.New("io")
	if w := egg.NewError(502, "upstream", "bad gateway").Wrap(cause); !errors.Is(w, cause) {
		t.Error("Wrap/Unwrap")
	}
}

func TestEvents(t *testing.T) {
	var mu sync.Mutex
	var log []string
	note := func(s string) { mu.Lock(); log = append(log, s); mu.Unlock() }
	var errApp *egg.App
	app := start(t,
		fx.Invoke(func(a *egg.App) {
			errApp = a
			a.OnRequest(func(c *egg.Ctx) { note("request " + c.Path()) })
			a.OnResponse(func(c *egg.Ctx) { note(fmt.Sprintf("response %s %d", c.Path(), c.Status())) })
			a.OnError(func(err error, c *egg.Ctx) {
				where := "no request"
				if c != nil {
					where = c.Path()
				}
				note("error " + where + ": " + err.Error())
			})
		}),
		withRoutes(func(r *egg.Router) {
			r.Get("/ok", text("ok"))
			r.Get("/bad", func(c *egg.Ctx) error { return c.Throw(400, "bad input") })
			r.Get("/panic", func(c *egg.Ctx) error { panic(errors.New("kaboom")) })
		}))
	serve(app, "GET", "/ok", nil)
	serve(app, "GET", "/bad", nil)
	serve(app, "GET", "/panic", nil)
	errApp.EmitError(errors.New("cron failed"), nil)
	want := "request /ok|response /ok 200|request /bad|error /bad: 400: bad input|response /bad 400|" +
		"request /panic|error /panic: panic: kaboom|response /panic 500|error no request: cron failed"
	if got := strings.Join(log, "|"); got != want {
		t.Errorf("events:\n got %s\nwant %s", got, want)
	}
	defer func() {
		if p := recover(); p == nil || !strings.Contains(fmt.Sprint(p), "OnError after the app started") {
			t.Errorf("late listener: %v", p)
		}
	}()
	app.OnError(func(error, *egg.Ctx) {})
}

func TestPanicValueIsKept(t *testing.T) {
	var got error
	app := start(t, fx.Invoke(func(a *egg.App) { a.OnError(func(err error, _ *egg.Ctx) { got = err }) }),
		withRoutes(func(r *egg.Router) { r.Get("/", func(c *egg.Ctx) error { panic(http.ErrBodyNotAllowed) }) }))
	serve(app, "GET", "/", nil)
	var pe *egg.PanicError
	if !errors.As(got, &pe) || !errors.Is(got, http.ErrBodyNotAllowed) || len(pe.Stack) == 0 {
		t.Errorf("%#v", got)
	}
}

func TestAbortHandlerPanicPropagates(t *testing.T) {
	app := start(t, withRoutes(func(r *egg.Router) { r.Get("/", func(c *egg.Ctx) error { panic(http.ErrAbortHandler) }) }))
	defer func() {
		if p := recover(); p != http.ErrAbortHandler {
			t.Errorf("http.ErrAbortHandler must reach net/http, got %v", p)
		}
	}()
	serve(app, "GET", "/", nil)
}
