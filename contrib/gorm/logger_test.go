package gorm_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/gorm"
	"github.com/egg-go/egg/contrib/gorm/gormtest"
	"github.com/egg-go/egg/eggtest"
	"go.uber.org/fx"
)

// lines returns the app's log lines that contain every one of subs.
func lines(app *eggtest.App, subs ...string) []string {
	var out []string
	for _, l := range app.Logs() {
		ok := true
		for _, s := range subs {
			ok = ok && strings.Contains(l, s)
		}
		if ok {
			out = append(out, l)
		}
	}
	return out
}

// Every statement of a request is logged at debug through the ctx logger
// (with the request's id), with its rows, duration and the app's line
// that ran it; in unittest with its values.
func TestSQLLoggedThroughTheCtxLogger(t *testing.T) {
	var reg *gorm.Registry
	app := eggtest.New(t, gorm.Module, gormtest.SQLite(t), blog, fx.Populate(&reg))
	res := app.POST("/users").JSON(map[string]any{"name": "ann", "titles": []string{"hello"}}).Do().Status(http.StatusCreated)
	id := res.Result().Header.Get("X-Request-Id")
	if id == "" {
		t.Fatal("no request id")
	}
	inserts := lines(app, "level=DEBUG", "msg=sql", "req.id="+id, "req.path=/users", "db=default", `sql="INSERT INTO`, "duration=", "rows=1", "at=gorm/helpers_test.go:")
	if len(inserts) != 2 { // the user and its post
		t.Fatalf("%d INSERT lines with the request's id; the app logged:\n%s", len(inserts), strings.Join(app.Logs(), "\n"))
	}
	if !strings.Contains(strings.Join(inserts, "\n"), `VALUES (\"ann\")`) {
		t.Errorf("unittest logs values; the lines are\n%s", strings.Join(inserts, "\n"))
	}
	// statements outside requests go to the module's logger
	lines0 := len(lines(app, "logger=gorm", "msg=sql"))
	var n int64
	reg.DB().Model(&User{}).Count(&n)
	if got := len(lines(app, "logger=gorm", "msg=sql", "SELECT count(*)")); got == 0 || len(lines(app, "logger=gorm", "msg=sql")) != lines0+1 {
		t.Errorf("a statement outside requests was not logged with logger=gorm:\n%s", strings.Join(app.Logs(), "\n"))
	}
}

func TestSlowAndFailedStatementsAtWarn(t *testing.T) {
	slow := func(d time.Duration) fx.Option {
		return egg.Configure(func(c *gorm.Config) { c.SlowThreshold = d })
	}
	t.Run("every statement is slow with a 1ns threshold", func(t *testing.T) {
		app := eggtest.New(t, gorm.Module, gormtest.SQLite(t), blog, slow(time.Nanosecond))
		app.GET("/users/1").Do().Status(http.StatusNotFound)
		if got := lines(app, "level=WARN", `msg="slow sql"`, "threshold=1ns", `sql="SELECT`, "req.id=", "duration="); len(got) == 0 {
			t.Fatalf("no slow sql warning:\n%s", strings.Join(app.Logs(), "\n"))
		}
	})
	t.Run("nothing is slow under an hour", func(t *testing.T) {
		app := eggtest.New(t, gorm.Module, gormtest.SQLite(t), blog, slow(time.Hour))
		app.GET("/users/1").Do().Status(http.StatusNotFound)
		app.NotExpectLog("slow sql")
		// record not found is an answer, not a fault: debug, not warn
		if got := lines(app, "level=DEBUG", "msg=sql", `sql="SELECT`, "err=\"record not found\""); len(got) != 1 {
			t.Fatalf("want one debug line for the missing user:\n%s", strings.Join(app.Logs(), "\n"))
		}
	})
	t.Run("threshold 0 turns the warning off", func(t *testing.T) {
		app := eggtest.New(t, gorm.Module, gormtest.SQLite(t), blog, slow(0))
		app.GET("/users/1").Do().Status(http.StatusNotFound)
		app.NotExpectLog("slow sql")
	})
	t.Run("a failed statement is a warning with its error", func(t *testing.T) {
		app := eggtest.New(t, gorm.Module, gormtest.SQLite(t), blog)
		app.POST("/users").JSON(map[string]any{"name": "dup"}).Do().Status(http.StatusCreated)
		app.POST("/users").JSON(map[string]any{"name": "dup"}).Do().Status(http.StatusConflict)
		if got := lines(app, "level=WARN", `msg="sql failed"`, `sql="INSERT INTO`, "err=", "req.id="); len(got) != 1 {
			t.Fatalf("want one warning for the duplicate insert:\n%s", strings.Join(app.Logs(), "\n"))
		}
	})
}

// Without LogValues (the default outside local and unittest) the logged
// SQL keeps its placeholders: no personal data reaches the log. (The
// module turns it on in unittest with ConfigureEnv, which goes after an
// app's Configure: switching it off for unittest takes ConfigureEnv too.)
func TestLogValuesOff(t *testing.T) {
	app := eggtest.New(t, gorm.Module, gormtest.SQLite(t), blog,
		egg.ConfigureEnv("unittest", func(c *gorm.Config) { c.LogValues = false }))
	app.POST("/users").JSON(map[string]any{"name": "secret-name-42"}).Do().Status(http.StatusCreated)
	app.NotExpectLog("secret-name-42")
	if got := lines(app, "msg=sql", `sql="INSERT INTO`); len(got) != 1 || !strings.Contains(got[0], "(?)") {
		t.Fatalf("want the INSERT with its placeholder:\n%s", strings.Join(app.Logs(), "\n"))
	}
}

// db.Debug() logs at info, so a statement can be seen without lowering the
// app's level; a context derived from the request's keeps its logger.
func TestDebugAndDerivedContexts(t *testing.T) {
	app := eggtest.New(t, gorm.Module, gormtest.SQLite(t), blog, egg.Routes(func(r *egg.Router) {
		r.Get("/debug", func(c *egg.Ctx) error {
			var n int64
			if err := gorm.DB(c).Debug().Model(&User{}).Count(&n).Error; err != nil {
				return err
			}
			ctx, cancel := context.WithTimeout(c, time.Minute)
			defer cancel()
			if err := gorm.DB(c).WithContext(ctx).Model(&Post{}).Count(&n).Error; err != nil {
				return err
			}
			return c.NoContent(http.StatusNoContent)
		})
	}))
	res := app.GET("/debug").Do().Status(http.StatusNoContent)
	id := res.Result().Header.Get("X-Request-Id")
	if got := lines(app, "level=INFO", "msg=sql", "FROM `users`", "req.id="+id); len(got) != 1 {
		t.Errorf("Debug(): want one info line:\n%s", strings.Join(app.Logs(), "\n"))
	}
	if got := lines(app, "level=DEBUG", "msg=sql", "FROM `posts`", "req.id="+id); len(got) != 1 {
		t.Errorf("derived context: want one debug line with the request id:\n%s", strings.Join(app.Logs(), "\n"))
	}
}
