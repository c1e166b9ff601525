package overridemethod_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/bodyparser"
	"github.com/egg-go/egg/modules/onerror"
	"github.com/egg-go/egg/modules/overridemethod"
	"go.uber.org/fx"
)

// post is what the handlers bind.
type post struct {
	Title  string `json:"title"`
	Method string `json:"_method"`
}

// answer binds the body and says which route answered and what it read.
func answer(c *egg.Ctx) error {
	var in post
	if err := c.Bind(&in); err != nil {
		return err
	}
	return c.Text(http.StatusOK, c.Method()+" "+c.Param("id")+" title="+in.Title+" _method="+in.Method)
}

var routes = egg.Routes(func(r *egg.Router) {
	r.Post("/posts/:id", answer)
	r.Put("/posts/:id", answer)
	r.Patch("/posts/:id", answer)
	r.Delete("/posts/:id", answer)
	r.Get("/posts/:id", func(c *egg.Ctx) error { return c.Text(http.StatusOK, "GET "+c.Param("id")) })
})

func newApp(t *testing.T, opts ...fx.Option) *eggtest.App {
	return eggtest.New(t, append([]fx.Option{onerror.Module, bodyparser.Module, overridemethod.Module, routes}, opts...)...)
}

func form(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

func TestOverride(t *testing.T) {
	app := newApp(t)
	for _, tc := range []struct {
		name string
		req  *eggtest.Request
		want string
	}{
		{"form PUT", app.POST("/posts/1").Form(form("_method", "PUT", "title", "a")), "PUT 1 title=a _method=PUT"},
		{"form lower case", app.POST("/posts/1").Form(form("title", "b", "_method", "delete")), "DELETE 1 title=b _method=delete"},
		{"form PATCH, charset", app.POST("/posts/1").Body("application/x-www-form-urlencoded; charset=utf-8", "_method=PATCH&title=c"), "PATCH 1 title=c _method=PATCH"},
		{"form escaped name", app.POST("/posts/1").Body("application/x-www-form-urlencoded", "%5Fmethod=PUT&title=d"), "PUT 1 title=d _method=PUT"},
		{"form repeated, same value", app.POST("/posts/1").Body("application/x-www-form-urlencoded", "_method=PUT&_method=put&title=e"), "PUT 1 title=e _method=PUT"},
		{"header", app.POST("/posts/2").Header("X-HTTP-Method-Override", "DELETE").JSON(map[string]string{"title": "f"}), "DELETE 2 title=f _method="},
		{"header, form without field", app.POST("/posts/2").Header("X-HTTP-Method-Override", "patch").Form(form("title", "g")), "PATCH 2 title=g _method="},
		{"body wins over header", app.POST("/posts/3").Header("X-HTTP-Method-Override", "DELETE").Form(form("_method", "PUT", "title", "h")), "PUT 3 title=h _method=PUT"},
		{"empty field, header counts", app.POST("/posts/3").Header("X-HTTP-Method-Override", "DELETE").Form(form("_method", "", "title", "i")), "DELETE 3 title=i _method="},
		{"JSON _method is not read", app.POST("/posts/4").JSON(map[string]string{"_method": "DELETE", "title": "j"}), "POST 4 title=j _method=DELETE"},
		{"no override", app.POST("/posts/4").Form(form("title", "k")), "POST 4 title=k _method="},
		{"empty header", app.POST("/posts/4").Header("X-HTTP-Method-Override", "").Form(form("title", "l")), "POST 4 title=l _method="},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := tc.req.Do()
			if res.Code() != 200 || res.Body() != tc.want {
				t.Errorf("%d %q, want 200 %q", res.Code(), res.Body(), tc.want)
			}
		})
	}
}

// TestOnlyPOST: other methods are never overridden, even a GET asking to
// become a DELETE.
func TestOnlyPOST(t *testing.T) {
	app := newApp(t)
	app.GET("/posts/1").Header("X-HTTP-Method-Override", "DELETE").Do().Status(200).BodyEquals("GET 1")
	app.GET("/posts/1?_method=DELETE").Do().Status(200).BodyEquals("GET 1")
	app.PUT("/posts/1").Header("X-HTTP-Method-Override", "DELETE").Form(form("_method", "PATCH", "title", "x")).Do().
		Status(200).BodyEquals("PUT 1 title=x _method=PATCH")
	app.PATCH("/posts/1").Header("X-HTTP-Method-Override", "TRACE").Do().Status(200).BodyEquals("PATCH 1 title= _method=")
}

func TestRefused(t *testing.T) {
	app := newApp(t)
	for _, tc := range []struct {
		name string
		req  *eggtest.Request
		msg  string
	}{
		{"header GET", app.POST("/posts/1").Header("X-HTTP-Method-Override", "GET"), `invalid override method "GET" (from the X-Http-Method-Override header)`},
		{"header TRACE", app.POST("/posts/1").Header("X-HTTP-Method-Override", "TRACE"), `"TRACE"`},
		{"header POST", app.POST("/posts/1").Header("X-HTTP-Method-Override", "POST"), `"POST"`},
		{"header nonsense", app.POST("/posts/1").Header("X-HTTP-Method-Override", strings.Repeat("x", 100)), `"` + strings.Repeat("x", 32) + `…"`},
		{"form HEAD", app.POST("/posts/1").Form(form("_method", "HEAD")), `invalid override method "HEAD" (from the form field _method)`},
		{"form with spaces", app.POST("/posts/1").Form(form("_method", " PUT")), `" PUT"`},
		{"form conflicting", app.POST("/posts/1").Body("application/x-www-form-urlencoded", "_method=PUT&_method=DELETE"), "form field _method is given 2 times with different values"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var body struct{ Code, Message string }
			tc.req.Header("Accept", "application/json").Do().Status(http.StatusBadRequest).JSON(&body)
			if body.Code != overridemethod.Code || !strings.Contains(body.Message, tc.msg) {
				t.Errorf("body = %+v, want code %s and a message with %q", body, overridemethod.Code, tc.msg)
			}
		})
	}
	app.NotExpectLog("status=500")
}

// TestRepeatedHeader sends the header twice (eggtest's builder can only
// replace a header).
func TestRepeatedHeader(t *testing.T) {
	h := handler(t, overridemethod.DefaultConfig())
	for _, tc := range []struct {
		values []string
		status int
	}{{[]string{"PUT", "DELETE"}, 400}, {[]string{"PUT", ""}, 400}, {[]string{"PUT", "put"}, 200}, {[]string{"PUT", "PUT"}, 200}} {
		r := httptest.NewRequest("POST", "/", nil)
		r.Header["X-Http-Method-Override"] = tc.values
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != tc.status {
			t.Errorf("headers %q: %d %q, want %d", tc.values, w.Code, w.Body.String(), tc.status)
		}
	}
}

// handler is the middleware without egg around a handler that echoes the
// method and the body.
func handler(t *testing.T, cfg overridemethod.Config) http.Handler {
	t.Helper()
	m, err := overridemethod.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return m.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, "read: "+err.Error(), http.StatusRequestEntityTooLarge)
			return
		}
		io.WriteString(w, r.Method+" "+string(b))
	}))
}

func TestBodyLimit(t *testing.T) {
	big := "_method=DELETE&pad=" + strings.Repeat("a", 100)
	small := bodyparser.DefaultConfig()
	small.FormLimit = 64
	t.Run("bodyparser's limit", func(t *testing.T) {
		app := newApp(t, egg.Configure(func(c *bodyparser.Config) { c.FormLimit = 64 }))
		// too large to read: left for Bind, which refuses it (not overridden: POST route)
		app.POST("/posts/1").Body("application/x-www-form-urlencoded", big).Do().Status(http.StatusRequestEntityTooLarge)
		// the header still counts
		app.POST("/posts/1").Header("X-HTTP-Method-Override", "PUT").Body("application/x-www-form-urlencoded", big).Do().
			Status(http.StatusRequestEntityTooLarge).BodyContains("FormLimit")
		app.POST("/posts/1").Body("application/x-www-form-urlencoded", "_method=DELETE&title=ok").Do().Status(200).BodyContains("DELETE 1")
	})
	t.Run("own limit", func(t *testing.T) {
		app := newApp(t, egg.Configure(func(c *overridemethod.Config) { c.BodyLimit = 64 }))
		res := app.POST("/posts/1").Body("application/x-www-form-urlencoded", big+"&title=t").Do()
		res.Status(200).BodyContains("POST 1 title=t") // Bind's limit is 1 MiB: it reads what the override did not
	})
	for _, cl := range []bool{true, false} {
		name := map[bool]string{true: "Content-Length", false: "chunked"}[cl]
		t.Run("restored body, "+name, func(t *testing.T) {
			cfg := overridemethod.DefaultConfig()
			cfg.BodyLimit = 64
			h := handler(t, cfg)
			for _, body := range []string{"_method=PUT&x=1", big, strings.Repeat("b", 64), strings.Repeat("c", 65), strings.Repeat("d", 5000)} {
				r := httptest.NewRequest("POST", "/", strings.NewReader(body))
				if !cl {
					r.Body = io.NopCloser(iotest.OneByteReader(strings.NewReader(body))) // no Content-Length, a byte at a time
					r.ContentLength = -1
				}
				r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				method := "POST"
				if body == "_method=PUT&x=1" {
					method = "PUT"
				}
				if w.Body.String() != method+" "+body {
					t.Errorf("body of %d bytes: %q", len(body), w.Body.String())
				}
			}
		})
	}
}

// failingBody gives some bytes, then an error.
type failingBody struct{ done bool }

func (f *failingBody) Read(p []byte) (int, error) {
	if f.done {
		return 0, errors.New("client went away")
	}
	f.done = true
	return copy(p, "_method=PUT&a="), nil
}

func (f *failingBody) Close() error { return nil }

func TestBodyReadError(t *testing.T) {
	app := newApp(t)
	r := httptest.NewRequest("POST", "/posts/9", &failingBody{})
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Accept", "application/json")
	w := httptest.NewRecorder()
	app.ServeHTTP(w, r)
	// not overridden (the body could not be read), and Bind reports the same error
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "client went away") {
		t.Errorf("%d %s, want 400 from Bind with the read error", w.Code, w.Body.String())
	}
}

// TestMalformedForm: a form bodyparser would refuse is not read for the
// override; Bind refuses it.
func TestMalformedForm(t *testing.T) {
	app := newApp(t)
	app.POST("/posts/1").Body("application/x-www-form-urlencoded", "_method=DELETE&a=%zz").Do().
		Status(http.StatusBadRequest).BodyContains("Problems parsing form")
	app.POST("/posts/1").Body("application/x-www-form-urlencoded", "_method=DELETE;a=1").Do().
		Status(http.StatusBadRequest).BodyContains("Problems parsing form")
}

// TestMultipart: the body of a multipart form is not read; the header
// works.
func TestMultipart(t *testing.T) {
	h := handler(t, overridemethod.DefaultConfig())
	body := "--x\r\nContent-Disposition: form-data; name=\"_method\"\r\n\r\nDELETE\r\n--x--\r\n"
	r := httptest.NewRequest("POST", "/", strings.NewReader(body))
	r.Header.Set("Content-Type", "multipart/form-data; boundary=x")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Body.String() != "POST "+body {
		t.Errorf("multipart with _method: %q, want it untouched as a POST", w.Body.String())
	}
	r = httptest.NewRequest("POST", "/", strings.NewReader(body))
	r.Header.Set("Content-Type", "multipart/form-data; boundary=x")
	r.Header.Set("X-HTTP-Method-Override", "PATCH")
	w = httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Body.String() != "PATCH "+body {
		t.Errorf("multipart with the header: %q", w.Body.String())
	}
}

func TestConfig(t *testing.T) {
	t.Run("custom names", func(t *testing.T) {
		app := newApp(t, egg.Configure(func(c *overridemethod.Config) { c.Header = "X-Method"; c.Field = "verb" }))
		app.POST("/posts/1").Header("X-Method", "PUT").Do().Status(200).BodyContains("PUT 1")
		app.POST("/posts/1").Form(form("verb", "DELETE")).Do().Status(200).BodyContains("DELETE 1")
		app.POST("/posts/1").Header("X-HTTP-Method-Override", "PUT").Form(form("_method", "PUT")).Do().Status(200).BodyContains("POST 1")
	})
	t.Run("env", func(t *testing.T) {
		t.Setenv("OVERRIDEMETHOD_HEADER", "")
		t.Setenv("OVERRIDEMETHOD_FIELD", "m")
		t.Setenv("OVERRIDEMETHOD_BODY_LIMIT", "100")
		var cfg overridemethod.Config
		newApp(t, fx.Populate(&cfg))
		if cfg.Field != "m" || cfg.BodyLimit != 100 {
			t.Errorf("config from env = %+v", cfg)
		}
	})
	t.Run("header only", func(t *testing.T) {
		app := newApp(t, egg.Configure(func(c *overridemethod.Config) { c.Field = "" }))
		app.POST("/posts/1").Form(form("_method", "PUT")).Do().Status(200).BodyContains("POST 1")
		app.POST("/posts/1").Header("X-HTTP-Method-Override", "PUT").Do().Status(200).BodyContains("PUT 1")
	})
	for _, tc := range []struct {
		name string
		fn   func(c *overridemethod.Config)
		want string
	}{
		{"nothing to read", func(c *overridemethod.Config) { c.Header, c.Field = "", "" }, "both empty"},
		{"bad header name", func(c *overridemethod.Config) { c.Header = "X Method" }, "not a header name"},
		{"bad field", func(c *overridemethod.Config) { c.Field = "a=b" }, "plain name"},
		{"negative limit", func(c *overridemethod.Config) { c.BodyLimit = -1 }, "must not be negative"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := eggtest.Start(t, overridemethod.Module, egg.Configure(tc.fn))
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "overridemethod") {
				t.Errorf("start error = %v, want one naming the module and saying %q", err, tc.want)
			}
			cfg := overridemethod.DefaultConfig()
			tc.fn(&cfg)
			if _, err := overridemethod.New(cfg); err == nil {
				t.Errorf("New accepted %+v", cfg)
			}
		})
	}
}

func TestRegistered(t *testing.T) {
	app := newApp(t)
	if got := app.Middleware(); len(got) != 1 || got[0] != overridemethod.Name {
		t.Errorf("middleware = %v, want [overridemethod]", got)
	}
	off := newApp(t, egg.Configure(func(c *egg.HTTPConfig) {
		c.MiddlewareOptions = map[string]egg.MiddlewareOptions{overridemethod.Name: {Match: []egg.Matcher{egg.PathPrefix("/api")}}}
	}))
	off.POST("/posts/1").Header("X-HTTP-Method-Override", "DELETE").Do().Status(200).BodyContains("POST 1")
}

func TestWithoutEgg(t *testing.T) {
	h := handler(t, overridemethod.DefaultConfig())
	r := httptest.NewRequest("POST", "/", strings.NewReader("_method=TRACE"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != 400 || !strings.Contains(w.Body.String(), `invalid override method "TRACE"`) {
		t.Errorf("%d %q", w.Code, w.Body.String())
	}
}

// TestOverTheWire: a chunked form upload through egg's own server, with
// the override read from the body and the body bound after it.
func TestOverTheWire(t *testing.T) {
	app := newApp(t, egg.WithServer(), egg.Configure(func(c *egg.ServerConfig) { c.Port = 0 }))
	for _, tc := range []struct{ body, want string }{
		{"title=wire&_method=PATCH", "PATCH 5 title=wire _method=PATCH"},
		{"_method=DELETE&title=" + strings.Repeat("w", 2<<20), "413"}, // over bodyparser's 1 MiB: not read, refused by Bind
	} {
		pr, pw := io.Pipe()
		go func() {
			for b := tc.body; len(b) > 0; {
				n := min(len(b), 1000)
				if _, err := pw.Write([]byte(b[:n])); err != nil {
					return
				}
				b = b[n:]
			}
			pw.Close()
		}()
		res, err := http.Post("http://"+app.Addr()+"/posts/5", "application/x-www-form-urlencoded", pr)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(res.Body)
		res.Body.Close()
		pr.Close()
		if tc.want == "413" {
			if res.StatusCode != http.StatusRequestEntityTooLarge {
				t.Errorf("large chunked form: %d %.100s", res.StatusCode, got)
			}
			continue
		}
		if res.StatusCode != 200 || string(got) != tc.want {
			t.Errorf("chunked form: %d %q, want %q", res.StatusCode, got, tc.want)
		}
	}
}
