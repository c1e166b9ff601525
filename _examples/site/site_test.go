package main

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/gorm/gormtest"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/security"
	"github.com/egg-go/egg/modules/session"
	"github.com/egg-go/egg/modules/session/sessiontest"
	"go.uber.org/fx"
)

func TestMain(m *testing.M) { eggtest.VerifyTestMain(m) }

// newApp starts the app exactly as main runs it, on a private in-memory
// SQLite database (whatever DATABASE_URL says), plus the test's options.
func newApp(t *testing.T, opts ...fx.Option) *eggtest.App {
	t.Helper()
	return newAppOn(t, gormtest.SQLite(t), opts...)
}

// newAppOn starts the app on the database a gormtest option gives.
func newAppOn(t *testing.T, db fx.Option, opts ...fx.Option) *eggtest.App {
	t.Helper()
	return eggtest.New(t, append(append(options(), db), opts...)...)
}

// The module graph test: every env's wiring, checked without starting.
func TestModuleGraph(t *testing.T) {
	for _, env := range []string{"local", "unittest", "prod"} {
		t.Run(env, func(t *testing.T) {
			eggtest.ValidateApp(t, append(options(), egg.Env(env))...)
		})
	}
}

// greeting is the text of the page's <h1 id="greeting">, "" if none.
func greeting(body string) string {
	const open = `<h1 id="greeting" class="greeting">`
	i := strings.Index(body, open)
	if i < 0 {
		return ""
	}
	rest := body[i+len(open):]
	j := strings.Index(rest, "</h1>")
	if j < 0 {
		return ""
	}
	return rest[:j]
}

func TestHomeGreetsPerLocale(t *testing.T) {
	app := newApp(t)
	tests := []struct {
		name     string
		query    string
		header   string // Accept-Language
		cookie   string // locale cookie
		want     string
		wantLang string
	}{
		{name: "default", want: "Hello", wantLang: "en-US"},
		{name: "header en-US", header: "en-US", want: "Hello", wantLang: "en-US"},
		{name: "header zh-CN", header: "zh-CN", want: "你好", wantLang: "zh-CN"},
		{name: "header zh with q values", header: "zh-CN,zh;q=0.9,en;q=0.8", want: "你好", wantLang: "zh-CN"},
		{name: "header bare zh", header: "zh", want: "你好", wantLang: "zh-CN"},
		{name: "header unknown language", header: "fr-FR", want: "Hello", wantLang: "en-US"},
		{name: "header malformed", header: ";;;q=x", want: "Hello", wantLang: "en-US"},
		{name: "query zh-CN", query: "zh-CN", want: "你好", wantLang: "zh-CN"},
		{name: "query zh_CN", query: "zh_CN", want: "你好", wantLang: "zh-CN"},
		{name: "query en-US over header zh-CN", query: "en-US", header: "zh-CN", want: "Hello", wantLang: "en-US"},
		{name: "query unknown falls to header", query: "xx", header: "zh-CN", want: "你好", wantLang: "zh-CN"},
		{name: "cookie zh-CN", cookie: "zh-CN", want: "你好", wantLang: "zh-CN"},
		{name: "cookie over header", cookie: "en-US", header: "zh-CN", want: "Hello", wantLang: "en-US"},
		{name: "query over cookie", query: "zh-CN", cookie: "en-US", want: "你好", wantLang: "zh-CN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := app.WithT(t).GET("/")
			if tt.query != "" {
				req.Query("locale", tt.query)
			}
			if tt.header != "" {
				req.Header("Accept-Language", tt.header)
			}
			if tt.cookie != "" {
				req.Cookie(&http.Cookie{Name: "locale", Value: tt.cookie})
			}
			res := req.Do().Status(http.StatusOK).
				Header("Content-Type", "text/html; charset=utf-8").
				BodyContains(`<link rel="stylesheet" href="/public/app.css">`).
				BodyContains(`<html lang="` + tt.wantLang + `">`).
				BodyContains(`href="?locale=zh-CN"`).
				BodyContains(`href="?locale=en-US"`)
			if got := greeting(res.Body()); got != tt.want {
				t.Errorf("greeting = %q, want %q", got, tt.want)
			}
			other := map[string]string{"Hello": "你好", "你好": "Hello"}[tt.want]
			if strings.Contains(res.Body(), other) {
				t.Errorf("the %s page also says %q", tt.wantLang, other)
			}
		})
	}
}

func TestLocaleQuerySetsCookieForAYear(t *testing.T) {
	app := newApp(t)
	res := app.GET("/?locale=zh-CN").Do().Status(http.StatusOK)
	ck := findCookie(res.Result(), "locale")
	if ck == nil {
		t.Fatalf("GET /?locale=zh-CN sets no locale cookie; Set-Cookie: %q", res.Result().Header.Values("Set-Cookie"))
	}
	if ck.Value != "zh-CN" || ck.MaxAge != 365*24*60*60 || ck.Path != "/" {
		t.Errorf("locale cookie = %q max-age %d path %q, want zh-CN, 31536000, /", ck.Value, ck.MaxAge, ck.Path)
	}

	// a browser keeps it: the next page is Chinese without asking again
	browser := app.WithCookieJar()
	browser.GET("/?locale=zh-CN").Do().Status(http.StatusOK)
	if got := greeting(browser.GET("/").Header("Accept-Language", "en-US").Do().Body()); got != "你好" {
		t.Errorf("after ?locale=zh-CN, GET / greets %q, want 你好", got)
	}
	// a plain request sets no cookie
	if ck := findCookie(app.GET("/").Do().Result(), "locale"); ck != nil {
		t.Errorf("GET / without ?locale sets a locale cookie: %v", ck)
	}
}

func TestStylesheet(t *testing.T) {
	app := newApp(t)
	res := app.GET("/public/app.css").Do().Status(http.StatusOK).
		Header("Content-Type", "text/css; charset=utf-8").
		BodyContains(".greeting {")
	etag := res.Result().Header.Get("ETag")
	if etag == "" {
		t.Fatal("GET /public/app.css has no ETag")
	}
	app.GET("/public/app.css").Header("If-None-Match", etag).Do().Status(http.StatusNotModified)
	app.GET("/public/missing.css").Do().Status(http.StatusNotFound)
	app.GET("/public/../main.go").Do().Status(http.StatusBadRequest)
	app.GET("/public/%2e%2e/main.go").Do().Status(http.StatusBadRequest)
	app.GET("/public/app.css/").Do().Status(http.StatusNotFound)
}

func TestLoginForm(t *testing.T) {
	app := newApp(t)
	for _, lang := range []struct{ header, submit string }{{"en-US", "Sign in"}, {"zh-CN", "登录"}} {
		app.GET("/login").Header("Accept-Language", lang.header).Do().Status(http.StatusOK).
			Header("Content-Type", "text/html; charset=utf-8").
			BodyContains(`<form id="login-form" class="form" method="post" action="/login">`).
			BodyContains(`name="username"`).
			BodyContains(`name="password" type="password"`).
			BodyContains(lang.submit)
	}
}

func TestLoginSucceeds(t *testing.T) {
	app := newApp(t)
	res := app.POST("/login").Form(url.Values{"username": {"alice"}, "password": {"secret"}}).Do().
		Status(http.StatusFound).
		Header("Location", "/me")
	ck := sessiontest.SetCookie(t, app, res.Result())
	if ck == nil {
		t.Fatalf("POST /login sets no session cookie; Set-Cookie: %q", res.Result().Header.Values("Set-Cookie"))
	}
	if ck.Name != "EGG_SESS" || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.MaxAge != 86400 {
		t.Errorf("session cookie %s: HttpOnly %v, SameSite %v, Max-Age %d; want EGG_SESS, HttpOnly, Lax, 86400",
			ck.Name, ck.HttpOnly, ck.SameSite, ck.MaxAge)
	}
	s := sessiontest.Read(t, app, res.Result())
	if user, _ := session.Value[string](s, "user"); user != "alice" {
		t.Errorf("the session's user is %q, want alice", user)
	}

	// the cookie signs the browser in: /me greets alice once with a flash
	me := app.GET("/me").Cookie(ck).Do().Status(http.StatusOK).
		BodyContains(`<strong id="user" class="user">alice</strong>`).
		BodyContains("Welcome back, alice!").
		BodyContains(`<form id="upload-form" class="form" method="post" action="/upload" enctype="multipart/form-data">`).
		BodyContains(`name="file" type="file"`).
		BodyContains(`<form method="post" action="/logout">`)
	next := sessiontest.SetCookie(t, app, me.Result()) // the flash was read: the session changed
	if next == nil {
		t.Fatal("GET /me shows the flash but does not save the session without it")
	}
	again := app.GET("/me").Cookie(next).Do().Status(http.StatusOK)
	if strings.Contains(again.Body(), "Welcome back") {
		t.Error("the welcome flash is shown twice")
	}
}

func TestLoginRegeneratesTheSession(t *testing.T) {
	app := newApp(t)
	var planted string
	ck := sessiontest.CookieWith(t, app, func(s *session.Session) error {
		planted = s.ID()
		return s.Set("theme", "dark")
	})
	res := app.POST("/login").Cookie(ck).Form(url.Values{"username": {"alice"}, "password": {"secret"}}).Do().
		Status(http.StatusFound)
	s := sessiontest.Read(t, app, res.Result())
	if s.ID() == planted {
		t.Errorf("the session keeps id %s after sign-in: not regenerated (session fixation)", planted)
	}
	if theme, _ := session.Value[string](s, "theme"); theme != "dark" {
		t.Errorf("values set before sign-in are lost: theme = %q", theme)
	}
}

func TestLoginRefused(t *testing.T) {
	app := newApp(t)
	tests := []struct {
		name string
		form url.Values
	}{
		{"wrong password", url.Values{"username": {"alice"}, "password": {"wrong"}}},
		{"password of another case", url.Values{"username": {"alice"}, "password": {"SECRET"}}},
		{"unknown user", url.Values{"username": {"mallory"}, "password": {"secret"}}},
		{"no password", url.Values{"username": {"alice"}}},
		{"nothing", url.Values{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := app.WithT(t).POST("/login").Form(tt.form).Do().
				Status(http.StatusUnauthorized).
				Header("Content-Type", "text/html; charset=utf-8").
				BodyContains(`<form id="login-form"`).
				BodyContains(`name="password"`).
				BodyContains("Wrong username or password.").
				BodyContains(`value="` + tt.form.Get("username") + `"`)
			if ck := sessiontest.SetCookie(t, app, res.Result()); ck != nil {
				t.Errorf("a refused sign-in sets a session cookie: %v", ck)
			}
		})
	}
	// the message follows the locale
	app.POST("/login").Header("Accept-Language", "zh-CN").Form(url.Values{"username": {"alice"}, "password": {"x"}}).Do().
		Status(http.StatusUnauthorized).
		BodyContains("用户名或密码错误。")
	// a body that is no form is the client's mistake, not a 500
	app.POST("/login").Body("text/plain", "username=alice").Do().Status(http.StatusUnsupportedMediaType)
}

func TestMeNeedsASession(t *testing.T) {
	app := newApp(t)
	app.GET("/me").Do().Status(http.StatusFound).Header("Location", "/login")
	// a forged or foreign cookie is no session
	app.GET("/me").Cookie(&http.Cookie{Name: "EGG_SESS", Value: "forged"}).Do().
		Status(http.StatusFound).Header("Location", "/login")
	// a session without a user is not signed in
	ck := sessiontest.Cookie(t, app, map[string]any{"theme": "dark"})
	app.GET("/me").Cookie(ck).Do().Status(http.StatusFound).Header("Location", "/login")
}

func TestLogout(t *testing.T) {
	app := newApp(t)
	browser := app.WithCookieJar()
	browser.POST("/login").Form(url.Values{"username": {"alice"}, "password": {"secret"}}).Do().Status(http.StatusFound)
	browser.GET("/me").Do().Status(http.StatusOK)

	res := browser.POST("/logout").Do().Status(http.StatusFound).Header("Location", "/")
	ck := sessiontest.SetCookie(t, app, res.Result())
	if ck == nil || ck.MaxAge >= 0 {
		t.Errorf("POST /logout does not delete the session cookie: %v", ck)
	}
	browser.GET("/me").Do().Status(http.StatusFound).Header("Location", "/login")
	// signing out without a session is harmless
	app.POST("/logout").Do().Status(http.StatusFound).Header("Location", "/")
}

func TestUpload(t *testing.T) {
	app := newApp(t)
	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 100)...)
	tests := []struct {
		name, file string
		content    []byte
	}{
		{"text", "hello.txt", []byte("hello, egg\n")},
		{"png", "pixel.png", png},
		{"jpg", "photo.jpg", []byte("\xff\xd8\xff\xe0 not really a jpeg")},
		{"upper-case extension", "SHOUT.TXT", []byte("HI")},
		{"empty file", "empty.txt", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got struct {
				Name string `json:"name"`
				Size int64  `json:"size"`
			}
			app.WithT(t).POST("/upload").Multipart(eggtest.Multipart().Field("note", "x").File("file", tt.file, tt.content)).Do().
				Status(http.StatusOK).
				Header("Content-Type", "application/json; charset=utf-8").
				JSON(&got)
			if got.Name != tt.file || got.Size != int64(len(tt.content)) {
				t.Errorf("answer = %+v, want name %q size %d", got, tt.file, len(tt.content))
			}
		})
	}
	// exactly the size limit passes
	max := make([]byte, 10<<20)
	app.POST("/upload").Multipart(eggtest.Multipart().File("file", "max.txt", max)).Do().
		Status(http.StatusOK).JSONEquals(`{"name":"max.txt","size":10485760}`)
}

func TestUploadRefused(t *testing.T) {
	app := newApp(t)
	tests := []struct {
		name   string
		body   *eggtest.MultipartBody
		status int
		code   string
	}{
		{"exe", eggtest.Multipart().File("file", "tool.exe", []byte("MZ")), 400, "invalid_filename"},
		{"gif (in Egg's list, not the site's)", eggtest.Multipart().File("file", "anim.gif", []byte("GIF89a")), 400, "invalid_filename"},
		{"double extension", eggtest.Multipart().File("file", "notes.txt.sh", []byte("#!")), 400, "invalid_filename"},
		{"no extension", eggtest.Multipart().File("file", "README", []byte("x")), 400, "invalid_filename"},
		{"no file", eggtest.Multipart().Field("note", "x"), 400, "missing_file"},
		{"file in another field", eggtest.Multipart().File("avatar", "a.png", []byte("x")), 400, "missing_file"},
		{"two files", eggtest.Multipart().File("file", "a.txt", []byte("a")).File("file", "b.txt", []byte("b")), 400, "too_many_files"},
		{"over the size limit", eggtest.Multipart().File("file", "big.txt", make([]byte, 10<<20+1)), 413, "Request_fileSize_limit"},
		{"over the files limit", manyFiles(11), 413, "Request_files_limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got struct{ Code, Message string }
			app.WithT(t).POST("/upload").Header("Accept", "application/json").Multipart(tt.body).Do().
				Status(tt.status).
				JSON(&got)
			if got.Code != tt.code || got.Message == "" {
				t.Errorf("error = %+v, want code %q with a message", got, tt.code)
			}
		})
	}
	app.POST("/upload").Header("Accept", "application/json").Body("text/plain", "hello").Do().
		Status(http.StatusUnsupportedMediaType)
	app.POST("/upload").Header("Accept", "application/json").
		Body("multipart/form-data; boundary=xyz", "--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\ncut sh").Do().
		Status(http.StatusBadRequest)
}

// manyFiles is a multipart body with a small .txt file in each of n
// fields (the handler skips all but "file", the limits count every one).
func manyFiles(n int) *eggtest.MultipartBody {
	m := eggtest.Multipart()
	for i := range n {
		m.File("f"+strconv.Itoa(i), "f.txt", []byte("x"))
	}
	return m
}

func TestCrossSiteFormsAreRefused(t *testing.T) {
	app := newApp(t)
	login := url.Values{"username": {"alice"}, "password": {"secret"}}
	tests := []struct {
		name, path string
		header     map[string]string
		status     int
	}{
		{"login from another site", "/login", map[string]string{"Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
		{"login from a sibling subdomain", "/login", map[string]string{"Sec-Fetch-Site": "same-site"}, http.StatusForbidden},
		{"login with a foreign Origin", "/login", map[string]string{"Origin": "https://evil.example"}, http.StatusForbidden},
		{"logout from another site", "/logout", map[string]string{"Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
		{"upload from another site", "/upload", map[string]string{"Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
		{"login from the site's own page", "/login", map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": "http://example.com"}, http.StatusFound},
		{"login typed by the user", "/login", map[string]string{"Sec-Fetch-Site": "none"}, http.StatusFound},
		{"login from a script (no browser headers)", "/login", nil, http.StatusFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := app.WithT(t).POST(tt.path)
			for k, v := range tt.header {
				req.Header(k, v)
			}
			if tt.path == "/upload" {
				req.Multipart(eggtest.Multipart().File("file", "a.txt", []byte("a")))
			} else {
				req.Form(login)
			}
			res := req.Do().Status(tt.status)
			if tt.status == http.StatusForbidden {
				if ck := sessiontest.SetCookie(t, app, res.Result()); ck != nil {
					t.Errorf("a refused request sets a session cookie: %v", ck)
				}
			}
		})
	}
}

func TestRoutes(t *testing.T) {
	app := newApp(t)
	app.GET("/nowhere").Do().Status(http.StatusNotFound)
	app.GET("/logout").Do().Status(http.StatusMethodNotAllowed)
	app.GET("/upload").Do().Status(http.StatusMethodNotAllowed)
	app.DELETE("/me").Do().Status(http.StatusMethodNotAllowed)
}

// findCookie returns res's last Set-Cookie named name, or nil.
func findCookie(res *http.Response, name string) *http.Cookie {
	var found *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == name {
			found = c
		}
	}
	return found
}

// hiddenCSRF returns the value of the first hidden _csrf field in body.
func hiddenCSRF(t *testing.T, body string) string {
	t.Helper()
	const field = `<input type="hidden" name="_csrf" value="`
	i := strings.Index(body, field)
	if i < 0 {
		t.Fatalf("the page has no hidden _csrf field:\n%s", body)
	}
	rest := body[i+len(field):]
	return rest[:strings.IndexByte(rest, '"')]
}

// The forms carry {{ csrfToken }}, so they still work when the app
// switches to Egg's token mode; in the default origin mode they carry none.
func TestFormsWorkInTokenMode(t *testing.T) {
	if body := newApp(t).GET("/login").Do().Body(); strings.Contains(body, `name="_csrf"`) {
		t.Error("in origin mode the login form carries a _csrf field")
	}

	app := newApp(t,
		egg.Configure(func(c *egg.AppConfig) { c.Keys = []string{"a test key for token mode, long enough"} }),
		egg.Configure(func(c *security.Config) { c.CSRF.Mode = security.ModeToken }))
	browser := app.WithCookieJar()
	token := hiddenCSRF(t, browser.GET("/login").Do().Status(http.StatusOK).Body())
	browser.POST("/login").Form(url.Values{"username": {"alice"}, "password": {"secret"}}).Do().
		Status(http.StatusForbidden) // no token
	browser.POST("/login").Form(url.Values{"_csrf": {token}, "username": {"alice"}, "password": {"secret"}}).Do().
		Status(http.StatusFound).Header("Location", "/me")

	me := browser.GET("/me").Do().Status(http.StatusOK).Body()
	token = hiddenCSRF(t, me)
	browser.POST("/upload").Multipart(eggtest.Multipart().Field("_csrf", token).File("file", "a.txt", []byte("abc"))).Do().
		Status(http.StatusOK).JSONEquals(`{"name":"a.txt","size":3}`)
	browser.POST("/logout").Form(url.Values{"_csrf": {token}}).Do().
		Status(http.StatusFound).Header("Location", "/")
}
