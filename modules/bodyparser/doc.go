// Package bodyparser decodes and validates request input the way Egg.js's
// bodyParser and egg-validate do: one call fills a struct from a JSON
// body, an urlencoded form or the query string, checks its validate tags,
// and reports every problem as a 4xx error in egg-validate's shape.
//
// Binder depends only on net/http, go-playground/form and
// go-playground/validator and works without egg; Module provides it to an
// egg app as its egg.Binder (behind Ctx.Bind).
//
// # Binding a request
//
// Describe the input as a struct. The `json` tag names the field in JSON,
// forms and queries alike, and `validate` holds go-playground/validator
// rules:
//
//	type CreateUser struct {
//		Name  string   `json:"name" validate:"required,max=50"`
//		Age   int      `json:"age" validate:"gte=0,lte=150"`
//		Email string   `json:"email" validate:"omitempty,email"`
//		Tags  []string `json:"tags" validate:"max=5,dive,min=1"`
//	}
//
//	binder := bodyparser.New(bodyparser.DefaultConfig()) // once, shared
//
//	var in CreateUser
//	if err := binder.Bind(r, &in); err != nil {
//		var be *bodyparser.Error
//		if errors.As(err, &be) {
//			// a client error: write be.Status with be.Code, be.Message, be.Fields
//		}
//		// else a programmer error (v not a *struct, bad tags): a 500
//	}
//
// A failed validation is a 422 that renders as egg-validate's body:
//
//	{"code":"invalid_param","message":"Validation Failed",
//	 "errors":[{"message":"required","field":"name","code":"missing_field"}]}
//
// Field paths use the JSON names: "address.city", "items[0].sku",
// "labels[env]". Required rules (required, required_if, ...) give code
// "missing_field"; every other rule "invalid", with a short message such
// as "should be at least 18" or "length should be at most 50". Note that
// required fails on a zero value: use a pointer (*int, *bool) when 0 or
// false is a valid answer. Nested structs are validated too; required on
// a struct field needs it to be non-zero.
//
// # Where the input comes from
//
// A request without a body (GET, HEAD, DELETE and OPTIONS without
// Content-Length or Transfer-Encoding; any request whose body is empty and
// has no Content-Type) is decoded from its query string. Otherwise the
// Content-Type decides:
//
//   - application/json and */*+json: at most JSONLimit bytes. With Strict
//     the body must be an object or array. An empty body counts as {}.
//     Unknown fields are ignored; a leading UTF-8 BOM is skipped.
//   - application/x-www-form-urlencoded: at most FormLimit bytes.
//   - multipart/form-data: 415; read uploads with modules/multipart.
//   - anything else, or a type not in EnableTypes: 415 naming what to send.
//
// Use BindQuery to decode the query string of a request that has a body,
// and Validate to check a struct filled some other way.
//
// # Path and query parameters
//
// A field tagged `param:"name"` is set from the path parameter of that
// name, and one tagged `query:"name"` from the query string, after the
// body is decoded and before validation:
//
//	type CommentInput struct {
//		PostID int    `json:"-" param:"post_id"`               // /posts/:post_id/comments
//		Page   int    `json:"-" query:"page" validate:"min=1"` // ?page=2
//		Body   string `json:"body" validate:"required"`
//	}
//
// Precedence: the body first, then query fields, then path parameters, a
// later source overwriting an earlier one. Path parameters win because
// the route names the resource: PUT /posts/3 with {"id":5} still updates
// post 3. A parameter that is absent or empty leaves the field as the
// body (or its zero value) had it, except that an empty query value sets
// a string field to "". Scalars take the first value of a query
// parameter, slices every value (tag=a&tag=b or tag[]=a). Under egg the
// path parameters are the route's (Ctx.Param); Binder.Bind alone reads
// r.PathValue, which net/http's ServeMux fills. Tag `json:"-"` on such a
// field to keep a client from setting it through the body.
//
// A value that does not convert is a 400 naming the parameter, in the
// words of egg's Ctx.ParamInt:
//
//	400 invalid_param  "path parameter post_id must be an integer, got \"x\""
//
// Field errors of a tagged field without a json name use the param or
// query name ("page"). The tags of each struct type are read once and
// cached by the Binder.
//
// # Forms and query strings
//
// Names match the json names exactly (JSON keys match case-insensitively,
// as encoding/json does), and a field without a json tag goes by its Go
// name. Values convert to the field's type (ints, floats, bools such as
// true/false/1/0/on/off, time.Time as RFC 3339, pointers). Slices take
// repeated names or brackets, all the same to Bind: tags=a&tags=b,
// tags[]=a&tags[]=b, tags[0]=a&tags[1]=b (do not mix repeated and
// indexed forms for one field). Nested structs use dots (address.city=X),
// slices of structs indices (items[0].sku=X), maps brackets
// (labels[env]=prod). Indices run from 0 to 99 (Egg's arrayLimit);
// parameter names with unbalanced brackets or more than five bracket
// groups are ignored, and a request whose names hold more than 1000
// bracket groups in all is a 400.
//
// # Errors
//
// Everything a client can send yields an *Error with a 4xx Status:
//
//	400 invalid_json          "Problems parsing JSON: invalid character 'x' ... at byte 7"
//	400 invalid_form          malformed urlencoded body
//	400 invalid_query         malformed query string
//	400 invalid_params        too many indexed parameters
//	400 invalid_content_type  malformed Content-Type
//	400 invalid_body          the body could not be read
//	413 entity.too.large      "request body is larger than the JSON limit of 1048576 bytes (bodyparser JSONLimit)"
//	415 unsupported_media_type
//	422 invalid_param         "Validation Failed", with Fields
//
// A JSON value of the wrong type ("age":"x") and a form value that does
// not convert (age=x) are 422s too, with one FieldError each.
package bodyparser
