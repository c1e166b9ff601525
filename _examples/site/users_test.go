package main

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/_examples/site/app/model"
	"github.com/egg-go/egg/contrib/gorm"
	"github.com/egg-go/egg/contrib/gorm/gormtest"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/session"
	"github.com/egg-go/egg/modules/session/sessiontest"
	"go.uber.org/fx"
	"golang.org/x/crypto/bcrypt"
)

// testDatabases are the databases the accounts are tested on: SQLite in
// memory always; PostgreSQL (a schema per test) and MySQL/MariaDB (a
// database per test) at DATABASE_URL and MYSQL_URL, by default the local
// servers — skipped when one does not answer, a failure under CI=true.
var testDatabases = []struct {
	name string
	db   func(t *testing.T) fx.Option
}{
	{"sqlite", func(t *testing.T) fx.Option { return gormtest.SQLite(t) }},
	{"postgres", func(t *testing.T) fx.Option { return gormtest.Postgres(t, gormtest.PostgresURL(t)) }},
	{"mysql", func(t *testing.T) fx.Option { return gormtest.MySQL(t, gormtest.MySQLURL(t)) }},
}

// The accounts in the database, through HTTP: registration and its
// refusals (a rule broken → 422, a name taken → 409, each with its message
// on the form), sign-in of a registered account, wrong passwords, and the
// stored hash.
func TestAccounts(t *testing.T) {
	for _, db := range testDatabases {
		t.Run(db.name, func(t *testing.T) {
			var reg *gorm.Registry
			app := newAppOn(t, db.db(t), fx.Populate(&reg))

			// the demo account exists from the start
			app.POST("/login").Form(url.Values{"username": {"alice"}, "password": {"secret"}}).Do().
				Status(http.StatusFound).Header("Location", "/me")

			// a new account: signed in at once, with a welcome on /me
			res := app.POST("/register").Form(url.Values{"username": {"bob"}, "password": {"correct horse"}}).Do().
				Status(http.StatusFound).Header("Location", "/me")
			s := sessiontest.Read(t, app, res.Result())
			if user, _ := session.Value[string](s, "user"); user != "bob" {
				t.Errorf("after registering, the session's user is %q, want bob", user)
			}
			app.GET("/me").Cookie(sessiontest.SetCookie(t, app, res.Result())).Do().Status(http.StatusOK).
				BodyContains(`<strong id="user" class="user">bob</strong>`).
				BodyContains("Welcome, bob! Your account is ready.")

			// and it signs in later; wrong passwords and other names do not
			app.POST("/login").Form(url.Values{"username": {"bob"}, "password": {"correct horse"}}).Do().
				Status(http.StatusFound).Header("Location", "/me")
			for _, form := range []url.Values{
				{"username": {"bob"}, "password": {"correct horse "}},
				{"username": {"bob"}, "password": {"Correct horse"}},
				{"username": {"bob"}, "password": {"secret"}},
				{"username": {"Bob"}, "password": {"correct horse"}},  // MySQL's collation finds bob for it
				{"username": {"bob "}, "password": {"correct horse"}}, // and for this
				{"username": {"bob"}},
				{"username": {strings.Repeat("b", 100)}, "password": {"correct horse"}},
			} {
				app.WithT(t).POST("/login").Form(form).Do().
					Status(http.StatusUnauthorized).BodyContains("Wrong username or password.")
			}

			// the password is kept as a bcrypt hash at the configured cost
			var u model.User
			if err := reg.DB().Where("username = ?", "bob").Take(&u).Error; err != nil {
				t.Fatalf("reading bob's row: %v", err)
			}
			if cost, err := bcrypt.Cost([]byte(u.PasswordHash)); err != nil || cost != bcrypt.MinCost {
				t.Errorf("bob's password_hash %q: cost %d (%v), want a bcrypt hash at cost %d (unittest)", u.PasswordHash, cost, err, bcrypt.MinCost)
			}
			if bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte("correct horse")) != nil {
				t.Error("bob's stored hash does not match his password")
			}
		})
	}
}

func TestRegisterRefused(t *testing.T) {
	const (
		invalidName = "That username is not allowed: use 3 to 32 lower-case letters, digits, &#39;.&#39;, &#39;_&#39; or &#39;-&#39;, starting with a letter or a digit."
		invalidPass = "That password is not allowed: use 8 to 72 bytes."
		taken       = "That username is taken: choose another one."
	)
	for _, db := range testDatabases {
		t.Run(db.name, func(t *testing.T) {
			app := newAppOn(t, db.db(t))
			app.POST("/register").Form(url.Values{"username": {"bob"}, "password": {"correct horse"}}).Do().
				Status(http.StatusFound)

			tests := []struct {
				name     string
				form     url.Values
				status   int
				message  string
				username string // the name shown again, escaped
			}{
				{"name taken", url.Values{"username": {"bob"}, "password": {"another password"}}, http.StatusConflict, taken, "bob"},
				{"the demo's name", url.Values{"username": {"alice"}, "password": {"another password"}}, http.StatusConflict, taken, "alice"},
				{"no name", url.Values{"password": {"correct horse"}}, http.StatusUnprocessableEntity, invalidName, ""},
				{"name too short", url.Values{"username": {"bo"}, "password": {"correct horse"}}, http.StatusUnprocessableEntity, invalidName, "bo"},
				{"name too long", url.Values{"username": {strings.Repeat("b", 33)}, "password": {"correct horse"}}, http.StatusUnprocessableEntity, invalidName, strings.Repeat("b", 33)},
				{"upper case", url.Values{"username": {"Bob"}, "password": {"correct horse"}}, http.StatusUnprocessableEntity, invalidName, "Bob"},
				{"markup", url.Values{"username": {`<b>"x"</b>`}, "password": {"correct horse"}}, http.StatusUnprocessableEntity, invalidName, "&lt;b&gt;&#34;x&#34;&lt;/b&gt;"},
				{"no password", url.Values{"username": {"carol"}}, http.StatusUnprocessableEntity, invalidPass, "carol"},
				{"password too short", url.Values{"username": {"carol"}, "password": {"1234567"}}, http.StatusUnprocessableEntity, invalidPass, "carol"},
				{"password too long", url.Values{"username": {"carol"}, "password": {strings.Repeat("x", 73)}}, http.StatusUnprocessableEntity, invalidPass, "carol"},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					res := app.WithT(t).POST("/register").Form(tt.form).Do().
						Status(tt.status).
						Header("Content-Type", "text/html; charset=utf-8").
						BodyContains(`<form id="register-form" class="form" method="post" action="/register">`).
						BodyContains(`<p id="register-error" class="alert" role="alert">` + tt.message + `</p>`).
						BodyContains(`value="` + tt.username + `"`)
					if ck := sessiontest.SetCookie(t, app, res.Result()); ck != nil {
						t.Errorf("a refused registration sets a session cookie: %v", ck)
					}
				})
			}
			// carol was never created: every refusal left the table alone
			app.POST("/login").Form(url.Values{"username": {"carol"}, "password": {"correct horse"}}).Do().
				Status(http.StatusUnauthorized)
			// bob keeps his first password
			app.POST("/login").Form(url.Values{"username": {"bob"}, "password": {"another password"}}).Do().
				Status(http.StatusUnauthorized)

			// the messages follow the locale
			app.POST("/register").Header("Accept-Language", "zh-CN").
				Form(url.Values{"username": {"bob"}, "password": {"another password"}}).Do().
				Status(http.StatusConflict).BodyContains("该用户名已被占用，请另选一个。")
			app.POST("/register").Header("Accept-Language", "zh-CN").
				Form(url.Values{"username": {"dave"}, "password": {"short"}}).Do().
				Status(http.StatusUnprocessableEntity).BodyContains("该密码不可用：长度须为 8 到 72 字节。")
			// a body that is no form is the client's mistake; so is a post from another site
			app.POST("/register").Body("text/plain", "username=dave").Do().Status(http.StatusUnsupportedMediaType)
			app.POST("/register").Header("Sec-Fetch-Site", "cross-site").
				Form(url.Values{"username": {"dave"}, "password": {"correct horse"}}).Do().
				Status(http.StatusForbidden)
		})
	}
}

// Many registrations of one name at once: the unique index gives it to
// exactly one, the others get 409, none a 500.
func TestRegisterRace(t *testing.T) {
	for _, db := range testDatabases {
		t.Run(db.name, func(t *testing.T) {
			app := newAppOn(t, db.db(t))
			const n = 8
			codes := make([]int, n)
			var wg sync.WaitGroup
			for i := range n {
				wg.Go(func() {
					codes[i] = app.WithT(t).POST("/register").
						Form(url.Values{"username": {"erin"}, "password": {"correct horse"}}).Do().Code()
				})
			}
			wg.Wait()
			created, refused := 0, 0
			for _, c := range codes {
				switch c {
				case http.StatusFound:
					created++
				case http.StatusConflict:
					refused++
				}
			}
			if created != 1 || refused != n-1 {
				t.Errorf("%d registrations of one name at once answered %v; want one 302 and %d 409", n, codes, n-1)
			}
		})
	}
}

func TestRegisterForm(t *testing.T) {
	app := newApp(t)
	for _, lang := range []struct{ header, submit string }{{"en-US", "Create account"}, {"zh-CN", "注册"}} {
		app.GET("/register").Header("Accept-Language", lang.header).Do().Status(http.StatusOK).
			Header("Content-Type", "text/html; charset=utf-8").
			BodyContains(`<form id="register-form" class="form" method="post" action="/register">`).
			BodyContains(`name="username"`).
			BodyContains(`name="password" type="password" autocomplete="new-password"`).
			BodyContains(lang.submit).
			BodyContains(`<a href="/login">`)
	}
	if body := app.GET("/register").Do().Body(); strings.Contains(body, "register-error") {
		t.Error("the empty form shows an error")
	}
}

// A DATABASE_URL the site cannot read stops start-up with a message that
// names it (password masked) and the forms it takes.
func TestDatabaseURLRefused(t *testing.T) {
	t.Setenv("DATABASE_URL", "redis://app:hunter2hunter2@cache:6379/0")
	_, err := eggtest.Start(t, options()...)
	if err == nil {
		t.Fatal("the site started with DATABASE_URL=redis://...")
	}
	msg := err.Error()
	for _, want := range []string{"DATABASE_URL=redis://app:xxxxx@cache:6379/0", "postgres://", "mysql://", "sqlite://"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the error does not say %q: %v", want, msg)
		}
	}
	if strings.Contains(msg, "hunter2hunter2") {
		t.Errorf("the error repeats the password: %v", msg)
	}
}

// Without DATABASE_URL (and outside unittest) the accounts live in
// site.db in egg's run directory, wherever EGG_RUN_DIR puts it, hashed at
// SITE_BCRYPT_COST.
func TestDefaultDatabaseInRunDir(t *testing.T) {
	t.Setenv("DATABASE_URL", "")
	t.Setenv("GORM_DSN", "")
	t.Setenv("SITE_BCRYPT_COST", "5") // local's 10 takes seconds under -race
	dir := t.TempDir()
	var cfg gorm.Config
	var reg *gorm.Registry
	app := eggtest.New(t, append(options(), egg.Env("local"),
		egg.Configure(func(c *egg.AppConfig) { c.RunDir = dir }), fx.Populate(&cfg, &reg))...)
	if want := gorm.SQLiteFile(filepath.Join(dir, "site.db")); cfg.DB.DSN != want {
		t.Errorf("the datasource is %q, want %q", cfg.DB.DSN, want)
	}
	app.POST("/login").Form(url.Values{"username": {"alice"}, "password": {"secret"}}).Do().
		Status(http.StatusFound).Header("Location", "/me")
	app.POST("/register").Form(url.Values{"username": {"bob"}, "password": {"correct horse"}}).Do().
		Status(http.StatusFound)
	var u model.User
	if err := reg.DB().Where("username = ?", "bob").Take(&u).Error; err != nil {
		t.Fatal(err)
	}
	if cost, _ := bcrypt.Cost([]byte(u.PasswordHash)); cost != 5 {
		t.Errorf("bob's hash has cost %d, want SITE_BCRYPT_COST's 5", cost)
	}
	if _, err := os.Stat(filepath.Join(dir, "site.db")); err != nil {
		t.Errorf("no site.db in the run directory: %v", err)
	}
}
