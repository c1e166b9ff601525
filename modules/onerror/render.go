package onerror

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"sort"
	"strconv"
)

// Render writes the error response for r: status, headers and a body in
// the format the client prefers (see the package doc). env is the app's
// env: "local" and "unittest" show details, every other env is
// production-like. A HEAD request gets the status and headers only.
//
// Render must be called before anything else is written to w; it never
// panics, whatever p holds.
func Render(w http.ResponseWriter, r *http.Request, p Problem, env string, cfg Config) {
	status := p.StatusCode()
	h := w.Header()
	for k, vs := range p.Header {
		h[http.CanonicalHeaderKey(k)] = append([]string(nil), vs...)
	}
	format := cfg.formatFor(r)
	switch format {
	case FormatJSON, FormatHTML, FormatText:
	default:
		format = negotiateFormat(r, env)
		h.Add("Vary", "Accept")
	}

	var body []byte
	var ctype string
	switch format {
	case FormatJSON:
		body, ctype = renderJSON(p, status, env), "application/json; charset=utf-8"
	case FormatHTML:
		body, ctype = renderHTML(p, status, env), "text/html; charset=utf-8"
	default:
		body, ctype = []byte(p.message(status, env)+"\n"), "text/plain; charset=utf-8"
	}

	// As http.Error does: a length or type set for a successful response
	// would be wrong for this one.
	h.Del("Content-Length")
	h.Set("Content-Type", ctype)
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	if r != nil && r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(body)
}

// negotiateFormat picks JSON, HTML or text for r in env.
func negotiateFormat(r *http.Request, env string) string {
	switch {
	case AcceptsJSON(r), sentJSON(r):
		return FormatJSON
	case env == "unittest":
		return FormatText
	case prefersHTML(r):
		return FormatHTML
	default:
		return FormatText
	}
}

// reserved are the JSON fields Props cannot set.
var reserved = map[string]bool{"code": true, "message": true, "errors": true, "name": true, "stack": true}

// renderJSON builds {"code","message","errors",...props} with a stable
// field order; in local a 5xx adds "name" and "stack", and in
// production-like envs a 5xx keeps only code and message.
func renderJSON(p Problem, status int, env string) []byte {
	var o object
	if p.Code != "" {
		o.add("code", p.Code)
	}
	o.add("message", p.message(status, env))
	hide := status >= 500 && Production(env)
	if p.Errors != nil && !hide {
		o.add("errors", p.Errors)
	}
	if status >= 500 && env == "local" {
		if name := errName(p.Err); name != "" {
			o.add("name", name)
		}
		if stack := p.devStack(); stack != "" {
			o.add("stack", stack)
		}
	}
	if !hide {
		keys := make([]string, 0, len(p.Props))
		for k := range p.Props {
			if !reserved[k] {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			o.add(k, p.Props[k])
		}
	}
	return o.bytes()
}

// object writes a JSON object field by field, in insertion order, skipping
// values that cannot be encoded.
type object struct{ buf bytes.Buffer }

func (o *object) add(key string, v any) {
	val, ok := marshal(v)
	if !ok {
		return
	}
	if o.buf.Len() == 0 {
		o.buf.WriteByte('{')
	} else {
		o.buf.WriteByte(',')
	}
	k, _ := marshal(key)
	o.buf.Write(k)
	o.buf.WriteByte(':')
	o.buf.Write(val)
}

func (o *object) bytes() []byte {
	if o.buf.Len() == 0 {
		return []byte("{}\n")
	}
	o.buf.WriteString("}\n")
	return o.buf.Bytes()
}

// marshal encodes v without HTML escaping (the response is JSON with
// nosniff, so "<" needs no escaping). It reports false, rather than
// failing or panicking, for values JSON cannot hold.
func marshal(v any) (b []byte, ok bool) {
	defer func() {
		if recover() != nil {
			b, ok = nil, false
		}
	}()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, false
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), true
}

// renderHTML builds Egg's short production HTML, or the local dev page.
func renderHTML(p Problem, status int, env string) []byte {
	if env != "local" {
		if status >= 500 && Production(env) {
			return []byte("<h2>Internal Server Error, real status: " + strconv.Itoa(status) + "</h2>\n")
		}
		return []byte("<h2>" + strconv.Itoa(status) + " " + html.EscapeString(p.message(status, env)) + "</h2>\n")
	}
	return devPage(p, status)
}

// devPage is the local env's HTML error page: message, code, errors,
// props and stack, all escaped.
func devPage(p Problem, status int) []byte {
	var b bytes.Buffer
	title := html.EscapeString(strconv.Itoa(status) + " " + statusText(status))
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>%s</title>\n", title)
	b.WriteString("<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}pre{background:#f4f4f4;padding:1em;overflow:auto}</style>\n</head>\n<body>\n")
	fmt.Fprintf(&b, "<h1>%s</h1>\n<p>%s</p>\n", title, html.EscapeString(p.message(status, "local")))
	if p.Code != "" {
		fmt.Fprintf(&b, "<p>code: <code>%s</code></p>\n", html.EscapeString(p.Code))
	}
	if p.Errors != nil {
		if j, ok := marshal(p.Errors); ok {
			fmt.Fprintf(&b, "<h2>Errors</h2>\n<pre>%s</pre>\n", html.EscapeString(string(j)))
		}
	}
	if len(p.Props) > 0 {
		if j, ok := marshal(p.Props); ok {
			fmt.Fprintf(&b, "<h2>Props</h2>\n<pre>%s</pre>\n", html.EscapeString(string(j)))
		}
	}
	if name := errName(p.Err); name != "" {
		fmt.Fprintf(&b, "<h2>%s</h2>\n", html.EscapeString(name))
	}
	if stack := p.devStack(); stack != "" {
		fmt.Fprintf(&b, "<h2>Stack</h2>\n<pre>%s</pre>\n", html.EscapeString(stack))
	}
	b.WriteString("<p><small>Shown because the app runs in the local env; other envs show a short message.</small></p>\n</body>\n</html>\n")
	return b.Bytes()
}
