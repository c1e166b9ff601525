// Package view is egg-view for egg for Go: server-rendered pages from
// templates under app/view, with the engine chosen by file extension and
// the request's helpers in every template.
//
// # Render a page
//
// Add the module (it is in modules.Default()) and render from a handler:
//
//	egg.Run(view.Module, app.Module)
//
//	func (h *Home) Index(c *egg.Ctx) error {
//		return view.Render(c, "home", map[string]any{"Name": "Ada"}) // app/view/home.html
//	}
//
// Render sends status 200 and text/html; charset=utf-8; RenderStatus sends
// another status (a form shown again with 401); RenderString returns the
// text (an e-mail body, also from an anonymous context). A name without
// an extension gets ".html" (VIEW_DEFAULT_EXTENSION).
//
// # Layouts and partials
//
// The default engine is html/template, with its contextual escaping. Files
// under app/view/layouts and app/view/partials (VIEW_SHARED_DIRS) are
// parsed into every page, named by their path; a page "extends" a layout
// by calling it and defining the layout's blocks — nunjucks'
// {% extends %} / {% block %} in Go's words:
//
//	{{/* app/view/layouts/main.html */}}
//	<title>{{ block "title" . }}Shop{{ end }}</title>
//	{{ template "partials/nav.html" . }}
//	<main>{{ block "content" . }}{{ end }}</main>
//
//	{{/* app/view/home.html */}}
//	{{ template "layouts/main.html" . }}
//	{{ define "title" }}Home{{ end }}
//	{{ define "content" }}<p>Hello, {{ .Name }}</p>{{ end }}
//
// Each page is a template set of its own, so every page may define
// "content"; layouts and partials share one set, so their own block names
// must differ. Prefer Jinja's syntax? Add contrib/gonja, and .njk and
// .jinja files render with {% extends %} and {% block %} as in nunjucks.
//
// # Helpers in templates
//
// Every template, whatever its engine, can call pathFor and urlFor (a
// route name, then key/value pairs: {{ pathFor "user" "id" 3 }}) and the
// helpers any module adds with AddHelper — the security module's
// csrfToken and cspNonce, the i18n module's __ and t:
//
//	var Module = egg.Module("shop",
//		view.AddHelper(view.Func("cartCount", CartCount)),       // func(*egg.Ctx) int: {{ cartCount }}
//		view.AddHelper(view.FuncArgs("price", Price)),           // func(*egg.Ctx, int, ...any) string
//		view.AddHelper(view.Static("upper", strings.ToUpper)),   // needs no request
//	)
//
// # Compiled pages
//
// html/template pages run compiled (Config.CompileHTML, on by default):
// html/template escapes each page once, at start-up, and a program runs
// the escaped page, calling the contextual escapers and the helpers
// directly where text/template calls each through reflect and prints
// every action with fmt — the same bytes in about a quarter of the time
// (BenchmarkRender against BenchmarkRenderStdlib). A page using what the
// compiler does not handle (actions in <script> or <style>, the html,
// js, urlquery, slice and call builtins) renders with html/template, and
// so does a render that fails, for html/template's error message: a
// helper of a failing render may therefore run twice. A value shape the
// program does not handle (a range over a channel, template.HTML in an
// attribute) makes that page render with html/template from then on,
// logged once at info.
//
// For html/template itself, which binds functions to a template set, not
// to a render, the engine keeps a pool of clones of each page, each with
// its helpers bound to a Binding it points at the current request (a
// clone per request would cost far more, see
// BenchmarkRenderClonePerRequest).
//
// # Where templates come from, and reloading
//
// From the disk under the app's BaseDir by default; for production, embed
// them and the binary needs no files:
//
//	//go:embed app/view
//	var views embed.FS
//
//	egg.Configure(func(c *view.Config) { c.FS = views }) // Root stays "app/view"
//
// Templates are read and parsed once, at start-up, and a broken one fails
// start-up (Cache, on in every env but local). In local, a render first
// checks the files (at most every 100ms, VIEW_CHECK_INTERVAL: a stat of
// each, no watcher goroutine, so it works on any file system and any
// fs.FS) and parses them again when one changed; a broken template shows
// its error on the page until it is fixed.
//
// # Errors
//
// A missing template, a template error or a helper's error is returned as
// a 500 *egg.Error naming the template and the root; onerror logs it and
// shows the message in local and unittest only. Nothing of a failed page
// is sent: pages render into a buffer first. A missing template's error
// wraps ErrNotFound, for handlers that render a name the client chose.
//
// # Other engines
//
// An engine implements Engine and is offered with RegisterEngine and an
// EngineSpec (its name and extensions); Config.Mapping (VIEW_MAPPING)
// moves extensions between engines. Build it on Reloader to get the same
// cache and reload behaviour; contrib/gonja is one.
package view
