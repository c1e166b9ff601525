// Package gonja is egg-view-nunjucks for egg for Go: Jinja2 templates (the
// language nunjucks copies) for the view module, on
// github.com/nikolalohinski/gonja/v2.
//
// # Add it
//
//	egg.Run(modules.Default(), gonja.Module, app.Module) // modules.Default() has view
//
// Files ending in .njk or .jinja under app/view now render with Jinja;
// .html stays with html/template. To hand .html to Jinja as well:
//
//	VIEW_MAPPING=.html:gonja
//
// # Layouts, blocks and includes as in nunjucks
//
//	{# app/view/layouts/main.njk #}
//	<title>{% block title %}Shop{% endblock %}</title>
//	{% include "partials/nav.njk" %}
//	<main>{% block content %}{% endblock %}</main>
//
//	{# app/view/home.njk #}
//	{% extends "layouts/main.njk" %}
//	{% block content %}<p>Hello, {{ name }}</p>{% endblock %}
//
// and in a handler, with a map for Jinja's top-level names:
//
//	return view.Render(c, "home.njk", map[string]any{"name": user.Name})
//
// Names in extends, include and import are relative to the template root,
// or to the template itself when they start with "./" or "../"; none can
// leave the root. Templates are read and parsed once (every include too)
// and re-read on change in local, exactly as the view module's own engine.
//
// # Escaping and helpers
//
// Autoescaping is always on: every {{ value }} is HTML-escaped unless it is
// marked with the "safe" filter or passed as template.HTML. Jinja's
// escaping is not contextual the way html/template's is: it is right for
// element text and quoted attributes, not for values inside <script>,
// style, or a URL attribute such as href (check those yourself, or use an
// html/template page).
//
// The request's helpers are functions: {{ pathFor("user", "id", 3) }},
// {{ urlFor("home") }}, and every helper a module added with
// view.AddHelper — {{ csrfToken() }}, {{ __("Hello, %s", name) }}.
package gonja
