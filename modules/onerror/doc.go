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
// acceptJSON), or when the request sent a JSON body and its Accept names
// no other format explicitly (curl's "*/*"). HTML is chosen when Accept
// names text/html explicitly and prefers it (browsers do); everyone else
// gets text, and in "unittest" non-JSON clients always do.
//
// Config.Format forces one format for every request, and
// Config.PathFormats one per path prefix, the longest prefix winning over
// Format:
//
//	onerror.Config{PathFormats: map[string]string{"/api": "json"}}
//
// answers every error under /api in JSON, even to a browser or to curl
// without a body, and negotiates elsewhere (ONERROR_PATH_FORMATS=/api:json).
//
// # Logging
//
// Module logs each error once through the request's logger: a 5xx at
// error level with the error, a 4xx at warn with its status and code, and
// for a validation failure its field errors instead of the validator's
// raw text:
//
//	level=WARN msg="request rejected" status=422 code=invalid_param message="Validation Failed" errors="title (missing_field): required"
package onerror
