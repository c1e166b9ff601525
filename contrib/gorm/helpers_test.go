package gorm_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/gorm"
	"github.com/egg-go/egg/contrib/gorm/gormtest"
	"go.uber.org/fx"
	orm "gorm.io/gorm"
)

// blog is a module as an app writes one: its models, and routes whose
// writes run in the request's transaction.
var blog = egg.Module("blog",
	egg.Requires(gorm.Name),
	gorm.Models(&User{}, &Post{}),
	egg.Routes(func(r *egg.Router) {
		tx := r.With(gorm.Transactional())
		tx.Post("/users", createUser)
		tx.Post("/users/:id/posts", createPost)
		r.Get("/users/:id", showUser)
		r.Get("/posts/:id", showPost)
	}),
)

// createUser creates a user and, with ?posts=N, N posts; a duplicate name
// is a 409 error, or with ?conflict=write a 409 the handler writes; ?fail=error
// returns an error after the inserts, ?fail=panic panics, ?fail=500
// answers 500, ?fail=late returns an error after writing 201.
func createUser(c *egg.Ctx) error {
	var in struct {
		Name   string   `json:"name"`
		Titles []string `json:"titles"`
	}
	if err := json.NewDecoder(c.Request().Body).Decode(&in); err != nil {
		return egg.NewError(http.StatusBadRequest, "bad_json", err.Error())
	}
	u := User{Name: in.Name}
	for _, t := range in.Titles {
		u.Posts = append(u.Posts, Post{Title: t})
	}
	if err := gorm.DB(c).Create(&u).Error; err != nil {
		if errors.Is(err, orm.ErrDuplicatedKey) {
			if c.Query("conflict") == "write" { // answered by the handler, not rendered as an error
				return c.JSON(http.StatusConflict, map[string]string{"code": "duplicate"})
			}
			return egg.NewError(http.StatusConflict, "duplicate", "name taken")
		}
		return err
	}
	switch c.Query("fail") {
	case "error":
		return errors.New("failing on purpose after the insert")
	case "panic":
		panic("panicking on purpose after the insert")
	case "500":
		return c.Text(http.StatusInternalServerError, "failed on purpose")
	case "late":
		_ = c.JSON(http.StatusCreated, u)
		return errors.New("failing after the response")
	}
	return c.JSON(http.StatusCreated, u)
}

func createPost(c *egg.Ctx) error {
	id, err := c.ParamInt("id")
	if err != nil {
		return egg.NewError(http.StatusBadRequest, "bad_id", "id must be a number")
	}
	p := Post{Title: c.Query("title"), UserID: uint(id)}
	if err := gorm.DB(c).Create(&p).Error; err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, p)
}

func showUser(c *egg.Ctx) error {
	var u User
	err := gorm.DB(c).Preload("Posts", func(db *orm.DB) *orm.DB { return db.Order("id") }).First(&u, c.Param("id")).Error
	if errors.Is(err, orm.ErrRecordNotFound) {
		return egg.NewError(http.StatusNotFound, "not_found", "no such user")
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, u)
}

func showPost(c *egg.Ctx) error {
	var p Post
	err := gorm.DB(c).Preload("User").First(&p, c.Param("id")).Error
	if errors.Is(err, orm.ErrRecordNotFound) {
		return egg.NewError(http.StatusNotFound, "not_found", "no such post")
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

// backend is one database the tests run against.
type backend struct {
	name string
	db   func(t *testing.T) fx.Option // a fresh database for the test
}

// backends are SQLite (always), PostgreSQL and MySQL (skipped, or failed
// with CI=true, when the server does not answer).
var backends = []backend{
	{"sqlite", func(t *testing.T) fx.Option { return gormtest.SQLite(t) }},
	{"postgres", func(t *testing.T) fx.Option { return gormtest.Postgres(t, gormtest.PostgresURL(t)) }},
	{"mysql", func(t *testing.T) fx.Option { return gormtest.MySQL(t, gormtest.MySQLURL(t)) }},
}

// eachBackend runs fn as a subtest per backend.
func eachBackend(t *testing.T, fn func(t *testing.T, db fx.Option)) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) { fn(t, b.db(t)) })
	}
}

// serve starts an app with a real server and stops both at cleanup; it
// returns the app's registry, for checks behind the app's back.
func serve(t *testing.T, opts ...fx.Option) (*gorm.Registry, *httptest.Server) {
	t.Helper()
	var reg *gorm.Registry
	all := append([]fx.Option{egg.Env("unittest"), egg.LogOutput(io.Discard)}, opts...)
	app, err := egg.New(append(all, fx.Populate(&reg))...)
	if err != nil {
		t.Fatalf("egg.New: %v", err)
	}
	if err := app.Start(context.Background()); err != nil {
		t.Fatalf("Start: %v", err)
	}
	srv := httptest.NewServer(app)
	t.Cleanup(func() {
		srv.Close()
		if err := app.Stop(context.Background()); err != nil {
			t.Errorf("Stop: %v", err)
		}
	})
	return reg, srv
}

// call makes a real HTTP request and returns the status and body.
func call(t *testing.T, srv *httptest.Server, method, path, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// count counts rows of model in the app's default datasource.
func count(t *testing.T, reg *gorm.Registry, model any) int64 {
	t.Helper()
	var n int64
	if err := reg.DB().WithContext(t.Context()).Model(model).Count(&n).Error; err != nil {
		t.Fatalf("count %T: %v", model, err)
	}
	return n
}
