package onerror_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/bodyparser"
	"github.com/egg-go/egg/modules/onerror"
)

// The deliberate differences from Egg that the README's "Where egg for Go
// differs" section lists for error responses and body parsing, each
// checked over HTTP in the prod env (where Egg's onerror is terse).
func TestDeliberateDifferencesFromEgg(t *testing.T) {
	app := eggtest.New(t, bodyparser.Module, onerror.Module, postRoutes(), egg.Env("prod"))
	api := app.WithHeader("Accept", "application/json")

	t.Run("JSON 400 with a code and the offset", func(t *testing.T) {
		api.WithT(t).POST("/api/posts").Body("application/json", `{"title": "a",}`).Do().
			Status(400).
			JSONEquals(`{"code":"invalid_json","message":"Problems parsing JSON: invalid character '}' looking for beginning of object key string at byte 15"}`)
	})
	t.Run("415 for a body Bind does not parse", func(t *testing.T) {
		api.WithT(t).POST("/api/posts").Body("text/xml", `<post/>`).Do().
			Status(415).
			JSONEquals(`{"code":"unsupported_media_type","message":"unsupported content type text/xml; send application/json or application/x-www-form-urlencoded"}`)
	})
	t.Run("typed form values", func(t *testing.T) {
		api.WithT(t).POST("/api/posts").Form(url.Values{"title": {"hi"}, "words": {"12"}}).Do().
			Status(201).JSONEquals(`{"title":"hi","words":12}`)
		api.WithT(t).POST("/api/posts").Form(url.Values{"title": {"hi"}, "words": {"many"}}).Do().
			Status(422).
			JSONEquals(`{"code":"invalid_param","message":"Validation Failed","errors":[{"message":"should be an integer","field":"words","code":"invalid"}]}`)
	})
	t.Run("validator wording in egg-validate's shape", func(t *testing.T) {
		api.WithT(t).POST("/api/posts").JSON(map[string]any{"words": 0}).Do().
			Status(422).
			JSONEquals(`{"code":"invalid_param","message":"Validation Failed","errors":[` +
				`{"message":"required","field":"title","code":"missing_field"},{"message":"should be at least 1","field":"words","code":"invalid"}]}`)
	})
	t.Run("text/plain for clients that did not ask for HTML", func(t *testing.T) {
		for _, accept := range []string{"", "*/*"} {
			req := app.WithT(t).GET("/api/posts/1")
			if accept != "" {
				req.Header("Accept", accept)
			}
			req.Do().Status(404).Header("Content-Type", "text/plain; charset=utf-8").BodyEquals("post 1 not found\n")
		}
		app.WithT(t).GET("/api/posts/1").Header("Accept", "text/html,*/*;q=0.8").Do().
			Status(404).Header("Content-Type", "text/html; charset=utf-8").BodyEquals("<h2>404 post 1 not found</h2>\n")
	})
	t.Run("XHR gets JSON", func(t *testing.T) {
		app.WithT(t).GET("/api/posts/1").Header("X-Requested-With", "XMLHttpRequest").Header("Accept", "*/*").Do().
			Status(404).JSONEquals(`{"code":"not_found","message":"post 1 not found"}`)
	})
	t.Run("405 on TRACE in text", func(t *testing.T) {
		app.WithT(t).Request(http.MethodTrace, "/api/posts").Do().
			Status(405).
			Header("Allow", "POST").
			Header("Content-Type", "text/plain; charset=utf-8").
			BodyEquals("Method Not Allowed\n")
	})
}
