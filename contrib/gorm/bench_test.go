package gorm_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/gorm"
)

// BenchmarkRequest is a whole in-memory request that reads one row, with
// and without Transactional (BEGIN and COMMIT around it), on the in-memory
// SQLite database: the module's own cost beside the query's.
func BenchmarkRequest(b *testing.B) {
	read := func(c *egg.Ctx) error {
		var u User
		if err := gorm.DB(c).First(&u, 1).Error; err != nil {
			return err
		}
		return c.NoContent(http.StatusNoContent)
	}
	none := func(c *egg.Ctx) error { return c.NoContent(http.StatusNoContent) }
	app, err := egg.New(egg.Env("unittest"), egg.LogOutput(io.Discard), gorm.Module,
		egg.ConfigureEnv("unittest", func(c *gorm.Config) { c.LogValues = false }),
		gorm.Models(&User{}),
		egg.Configure(func(c *egg.LoggerConfig) { c.Level = "warn" }),
		egg.Routes(func(r *egg.Router) {
			r.Get("/none", none)
			r.Get("/read", read)
			r.With(gorm.Transactional()).Get("/tx-read", read)
			r.With(gorm.Transactional()).Get("/tx-none", none)
		}))
	if err != nil {
		b.Fatal(err)
	}
	if err := app.Start(context.Background()); err != nil {
		b.Fatal(err)
	}
	defer app.Stop(context.Background())
	if err := gorm.DB(app.NewContext(context.Background())).Create(&User{Name: "ann"}).Error; err != nil {
		b.Fatal(err)
	}
	for _, path := range []string{"/none", "/read", "/tx-none", "/tx-read"} {
		b.Run(path, func(b *testing.B) {
			req := httptest.NewRequest("GET", path, nil)
			b.ReportAllocs()
			for b.Loop() {
				w := httptest.NewRecorder()
				app.ServeHTTP(w, req)
				if w.Code != http.StatusNoContent {
					b.Fatalf("%s: %d %s", path, w.Code, w.Body)
				}
			}
		})
	}
}

// BenchmarkDB is gorm.DB(c) in a request that already used it: the
// scoped-service lookup.
func BenchmarkDB(b *testing.B) {
	app, err := egg.New(egg.Env("unittest"), egg.LogOutput(io.Discard), gorm.Module)
	if err != nil {
		b.Fatal(err)
	}
	if err := app.Start(context.Background()); err != nil {
		b.Fatal(err)
	}
	defer app.Stop(context.Background())
	c := app.NewContext(context.Background())
	gorm.DB(c)
	b.ReportAllocs()
	for b.Loop() {
		if gorm.DB(c) == nil {
			b.Fatal("nil")
		}
	}
}
