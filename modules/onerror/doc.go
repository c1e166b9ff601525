// Package onerror renders error responses the way Egg.js's onerror plugin
// does: JSON for API clients, a short HTML page for browsers and plain text
// for everything else, hiding server-side details outside development.
//
// Render and Problem are plain net/http and work without egg; Module
// wires them into an egg app as its egg.ErrorRenderer.
//
// # Rendering an error
//
// Describe the error as a Problem and pass the app's env:
//
//	onerror.Render(w, r, onerror.Problem{
//		Status:  http.StatusNotFound,
//		Code:    "user_not_found",
//		Message: "no user 42",
//	}, "prod", onerror.DefaultConfig())
//
// A JSON client gets {"code":"user_not_found","message":"no user 42"}, a
// browser gets <h2>404 no user 42</h2>, and curl gets "no user 42".
//
// # Validation errors
//
// Set Errors to a slice of field errors (any JSON-encodable slice, such as
// bodyparser's []FieldError); it is rendered as "errors":
//
//	onerror.Problem{Status: 422, Code: "invalid_param", Message: "Validation Failed",
//		Errors: []map[string]string{{"message": "required", "field": "name", "code": "missing_field"}}}
//
// gives {"code":"invalid_param","message":"Validation Failed","errors":[...]},
// egg-validate's body. Props adds top-level fields; neither can replace
// code or message.
//
// # Panics and 5xx
//
// Pass the cause as Err (for a recovered panic value that is not an error,
// fmt.Errorf("panic: %v", v)) and debug.Stack() as Stack. In the
// "local" env a JSON client also gets "name" (the Go type of Err) and
// "stack", and a browser gets a small page with the message and stack. In
// "unittest" the message is shown but not the stack. In every other env
// (production-like) a 5xx says only its status text, so internals never
// leak:
//
//	{"message":"Internal Server Error"}
//	<h2>Internal Server Error, real status: 500</h2>
//
// # Choosing the format
//
// JSON is chosen when AcceptsJSON reports true: the path ends with ".json",
// the request has X-Requested-With: XMLHttpRequest, or its Accept header
// prefers application/json over text/html and text/plain (Egg's
// acceptJSON). HTML is chosen when Accept names text/html explicitly and
// prefers it (browsers do); in "unittest" non-JSON clients always get text.
// Config.Format forces one format for every request.
package onerror
