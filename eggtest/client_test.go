package eggtest

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

// headerRoutes answers GET /key with the API key the request carried, or
// 401 without one.
func headerRoutes() fx.Option {
	return egg.Routes(func(r *egg.Router) {
		r.Get("/key", func(c *egg.Ctx) error {
			k := c.Header("X-API-Key")
			if k == "" {
				return egg.NewError(http.StatusUnauthorized, "no_key", "send X-API-Key")
			}
			return c.Text(http.StatusOK, k+" "+c.Header("Accept"))
		})
	})
}

func TestWithHeaderSendsTheHeaderOnEveryRequest(t *testing.T) {
	app := New(t, headerRoutes())
	api := app.WithHeader("X-API-Key", "k1").WithHeader("Accept", "text/plain")
	for range 2 {
		api.GET("/key").Do().Status(200).BodyEquals("k1 text/plain")
	}
	api.GET("/key").Header("X-API-Key", "k2").Do().Status(200).BodyEquals("k2 text/plain") // the request's own wins
	api.GET("/key").Do().Status(200).BodyEquals("k1 text/plain")                           // for that request only
	app.GET("/key").Do().Status(401)                                                       // the original App is unchanged

	sub := newFakeTB(t)
	api.WithT(sub).GET("/key").Do().Status(200).BodyEquals("k1 text/plain") // WithT keeps it
	sub.wantNoFailure(t)

	other := api.WithHeader("X-API-Key", "k3")
	other.GET("/key").Do().BodyEquals("k3 text/plain")
	api.GET("/key").Do().BodyEquals("k1 text/plain") // WithHeader copies, never shares
}

// sessionRoutes: POST /login sets a cookie, GET /me reads it, POST
// /logout expires it; /admin/x gets a cookie limited to /admin.
func sessionRoutes() fx.Option {
	return egg.Routes(func(r *egg.Router) {
		r.Post("/login", func(c *egg.Ctx) error {
			c.SetCookie(&http.Cookie{Name: "sid", Value: c.Query("user"), Path: "/", HttpOnly: true})
			return c.NoContent(http.StatusNoContent)
		})
		r.Get("/me", func(c *egg.Ctx) error { return c.Text(http.StatusOK, "me="+c.Cookie("sid")+" admin="+c.Cookie("adm")) })
		r.Post("/logout", func(c *egg.Ctx) error {
			c.SetCookie(&http.Cookie{Name: "sid", Value: "", Path: "/", MaxAge: -1})
			return c.NoContent(http.StatusNoContent)
		})
		r.Get("/admin/x", func(c *egg.Ctx) error {
			c.SetCookie(&http.Cookie{Name: "adm", Value: "1", Path: "/admin"})
			c.SetCookie(&http.Cookie{Name: "sec", Value: "1", Path: "/", Secure: true})
			return c.Text(http.StatusOK, "adm="+c.Cookie("adm"))
		})
	})
}

func TestWithCookieJarCarriesCookies(t *testing.T) {
	app := New(t, sessionRoutes())
	browser := app.WithCookieJar()
	browser.GET("/me").Do().BodyEquals("me= admin=")
	browser.POST("/login?user=ada").Do().Status(204)
	browser.GET("/me").Do().BodyEquals("me=ada admin=")
	browser.WithHeader("Accept", "text/plain").GET("/me").Do().BodyEquals("me=ada admin=") // copies share the jar

	app.GET("/me").Do().BodyEquals("me= admin=")                 // no jar on the original
	app.WithCookieJar().GET("/me").Do().BodyEquals("me= admin=") // a new jar is empty
	extra := &http.Cookie{Name: "adm", Value: "x"}
	browser.GET("/me").Cookie(extra).Do().BodyEquals("me=ada admin=x") // explicit cookies add to the jar's

	browser.GET("/admin/x").Do().BodyEquals("adm=")
	browser.GET("/admin/x").Do().BodyEquals("adm=1") // path-scoped cookie sent under its path
	browser.GET("/me").Do().BodyEquals("me=ada admin=")
	if got := browser.Jar().Cookies(jarURL("example.com", "/")); len(got) != 1 || got[0].Name != "sid" {
		t.Errorf("jar holds %v for /; want sid only (the Secure cookie is not sent over http)", got)
	}

	browser.GET("/me").Host("other.test").Do().BodyEquals("me= admin=") // another host, no cookie
	browser.POST("/logout").Do().Status(204)
	browser.GET("/me").Do().BodyEquals("me= admin=") // expired by the app
	if app.Jar() != nil {
		t.Error("Jar() of an App without WithCookieJar is not nil")
	}
}

func TestMultipartBody(t *testing.T) {
	type part struct {
		Name, File, Type, Content string
	}
	app := New(t, egg.Routes(func(r *egg.Router) {
		r.Post("/upload", func(c *egg.Ctx) error {
			mr, err := c.Request().MultipartReader()
			if err != nil {
				return egg.NewError(http.StatusBadRequest, "not_multipart", err.Error())
			}
			var parts []part
			for {
				p, err := mr.NextPart()
				if err != nil {
					break
				}
				var b strings.Builder
				buf := make([]byte, 64)
				for {
					n, err := p.Read(buf)
					b.Write(buf[:n])
					if err != nil {
						break
					}
				}
				parts = append(parts, part{p.FormName(), p.FileName(), p.Header.Get("Content-Type"), b.String()})
			}
			return c.JSON(http.StatusOK, parts)
		})
	}))
	body := Multipart().
		Field("title", "holiday").
		Field("tag", "a").Field("tag", "b").
		File("photo", "beach.jpg", []byte("jpeg bytes")).
		File("notes", "notes.unknownext", []byte("n")).
		FileType("data", `we"ird.json`, "application/json", []byte(`{"a":1}`))
	var got []part
	app.POST("/upload").Multipart(body).Do().Status(200).HeaderContains("Content-Type", "json").JSON(&got)
	want := []part{
		{"title", "", "", "holiday"},
		{"tag", "", "", "a"},
		{"tag", "", "", "b"},
		{"photo", "beach.jpg", "image/jpeg", "jpeg bytes"},
		{"notes", "notes.unknownext", "application/octet-stream", "n"},
		{"data", `we"ird.json`, "application/json", `{"a":1}`},
	}
	if len(got) != len(want) {
		t.Fatalf("parts = %+v\nwant %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("part %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	// the standard library's form parser reads it too
	var form url.Values
	app2 := New(t, egg.Routes(func(r *egg.Router) {
		r.Post("/form", func(c *egg.Ctx) error {
			if err := c.Request().ParseMultipartForm(1 << 20); err != nil {
				return err
			}
			form = c.Request().MultipartForm.Value
			_, fh, err := c.Request().FormFile("photo")
			if err != nil {
				return err
			}
			return c.Text(http.StatusOK, fh.Filename)
		})
	}))
	app2.POST("/form").Multipart(body).Do().Status(200).BodyEquals("beach.jpg")
	if form.Get("title") != "holiday" || len(form["tag"]) != 2 {
		t.Errorf("form values = %v", form)
	}
}
