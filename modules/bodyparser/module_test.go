package bodyparser_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/bodyparser"
	"github.com/egg-go/egg/modules/onerror"
)

func TestMain(m *testing.M) { eggtest.VerifyTestMain(m) }

// CommentInput is a nested resource's input: the post id from the path,
// paging from the query, the text from the body.
type CommentInput struct {
	PostID int    `json:"-" param:"post_id"`
	Page   int    `json:"-" query:"page" validate:"min=1"`
	Body   string `json:"body" validate:"required"`
}

// Under egg, Bind takes path parameters from the route (c.Param), so a
// nested resource needs no ParamInt per parent id.
func TestBindThroughEgg(t *testing.T) {
	app := eggtest.New(t, bodyparser.Module, onerror.Module, egg.Routes(func(r *egg.Router) {
		r.Post("/posts/:post_id/comments", func(c *egg.Ctx) error {
			in := CommentInput{Page: 1}
			if err := c.Bind(&in); err != nil {
				return err
			}
			return c.JSON(http.StatusCreated, map[string]any{"post": in.PostID, "page": in.Page, "body": in.Body})
		})
	})).WithHeader("Accept", "application/json")

	app.POST("/posts/7/comments?page=2").JSON(map[string]any{"body": "hi"}).Do().
		Status(201).JSONEquals(`{"post":7,"page":2,"body":"hi"}`)
	app.POST("/posts/7/comments").JSON(map[string]any{"body": "hi"}).Do().
		Status(201).JSONEquals(`{"post":7,"page":1,"body":"hi"}`)
	app.POST("/posts/seven/comments").JSON(map[string]any{"body": "hi"}).Do().
		Status(400).JSONEquals(`{"code":"invalid_param","message":"path parameter post_id must be an integer, got \"seven\""}`)
	app.POST("/posts/7/comments?page=x").JSON(map[string]any{"body": "hi"}).Do().
		Status(400).JSONEquals(`{"code":"invalid_param","message":"query parameter page must be an integer, got \"x\""}`)
	app.POST("/posts/7/comments?page=0").JSON(map[string]any{}).Do().
		Status(422).JSONEquals(`{"code":"invalid_param","message":"Validation Failed","errors":[` +
		`{"message":"should be at least 1","field":"page","code":"invalid"},{"message":"required","field":"body","code":"missing_field"}]}`)
}

// A 413 carries Egg's code, entity.too.large (raw-body's type, which
// egg-onerror renders as code), so clients that check it keep working.
func TestTooLargeKeepsEggsCode(t *testing.T) {
	app := eggtest.New(t, bodyparser.Module, onerror.Module,
		egg.Configure(func(c *bodyparser.Config) { c.JSONLimit = 16 }),
		egg.Routes(func(r *egg.Router) {
			r.Post("/", func(c *egg.Ctx) error {
				var v struct {
					A string `json:"a"`
				}
				if err := c.Bind(&v); err != nil {
					return err
				}
				return c.NoContent(204)
			})
		}))
	app.POST("/").Header("Accept", "application/json").JSON(map[string]string{"a": strings.Repeat("x", 20)}).Do().
		Status(413).
		JSONEquals(`{"code":"entity.too.large","message":"request body is larger than the JSON limit of 16 bytes (bodyparser JSONLimit)"}`)
}

// A config error names the environment variable that set the value, as
// every egg config error does.
func TestConfigErrorNamesTheEnvVar(t *testing.T) {
	t.Setenv("BODYPARSER_JSON_LIMIT", "0")
	_, err := eggtest.Start(t, bodyparser.Module)
	want := `egg: module "bodyparser" config field JSONLimit = 0 (set by env BODYPARSER_JSON_LIMIT) is invalid: must be a positive number of bytes, e.g. 1048576 (1 MiB)`
	if err == nil || err.Error() != want {
		t.Errorf("Start error = %v\nwant %s", err, want)
	}
	t.Setenv("BODYPARSER_JSON_LIMIT", "")
	t.Setenv("BODYPARSER_ENABLE_TYPES", "json,xml")
	_, err = eggtest.Start(t, bodyparser.Module)
	if err == nil || !strings.Contains(err.Error(), `config field EnableTypes = [json xml] (set by env BODYPARSER_ENABLE_TYPES) is invalid: has unknown type "xml"`) {
		t.Errorf("Start error = %v", err)
	}
}
