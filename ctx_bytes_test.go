package egg_test

import (
	"net/http"
	"testing"

	"github.com/egg-go/egg"
)

func TestBytesWritten(t *testing.T) {
	got := map[string]int64{}
	app := start(t,
		egg.Routes(func(r *egg.Router, app *egg.App) {
			r.Get("/text", func(c *egg.Ctx) error { return c.Text(http.StatusOK, "hello") })
			r.Get("/twice", func(c *egg.Ctx) error {
				_, _ = c.Response().Write([]byte("ab"))
				_, err := c.Response().Write([]byte("cde"))
				return err
			})
			r.Get("/empty", func(c *egg.Ctx) error { return c.NoContent(http.StatusNoContent) })
			app.OnResponse(func(c *egg.Ctx) { got[c.Path()] = c.BytesWritten() })
		}))
	for path, want := range map[string]int64{"/text": 5, "/twice": 5, "/empty": 0} {
		serve(app, http.MethodGet, path, nil)
		if got[path] != want {
			t.Errorf("%s: BytesWritten = %d, want %d", path, got[path], want)
		}
	}
	serve(app, http.MethodGet, "/empty", nil) // a recycled Ctx starts from zero
	if got["/empty"] != 0 {
		t.Errorf("a recycled Ctx must count from zero, got %d", got["/empty"])
	}
}
