package egg

import (
	"encoding/json"
	"io"
	"net/http"
)

// Content types egg sets; shared, never modified, so setting one costs no
// allocation.
var (
	contentTypeJSON = []string{"application/json; charset=utf-8"}
	contentTypeText = []string{"text/plain; charset=utf-8"}
	contentTypeHTML = []string{"text/html; charset=utf-8"}
)

// Status returns the status sent so far: 0 before anything is written.
func (c *Ctx) Status() int { return c.rw.status }

// Written reports whether the response status has been sent.
func (c *Ctx) Written() bool { return c.rw.written() }

// JSON sends v as JSON with the given status. The body has no trailing
// newline, as Egg's. If v cannot be encoded nothing is sent and the error
// is returned (a 500 through onerror).
func (c *Ctx) JSON(status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	c.w.Header()["Content-Type"] = contentTypeJSON
	c.w.WriteHeader(status)
	_, err = c.w.Write(b)
	return err
}

// Text sends s as text/plain with the given status.
func (c *Ctx) Text(status int, s string) error {
	c.w.Header()["Content-Type"] = contentTypeText
	c.w.WriteHeader(status)
	_, err := io.WriteString(c.w, s)
	return err
}

// HTML sends s as text/html with the given status. s is sent as it is:
// escape user data with Helper().Escape or html/template.
func (c *Ctx) HTML(status int, s string) error {
	c.w.Header()["Content-Type"] = contentTypeHTML
	c.w.WriteHeader(status)
	_, err := io.WriteString(c.w, s)
	return err
}

// Blob sends b with the given status and content type.
func (c *Ctx) Blob(status int, contentType string, b []byte) error {
	c.w.Header().Set("Content-Type", contentType)
	c.w.WriteHeader(status)
	_, err := c.w.Write(b)
	return err
}

// NoContent sends only a status, e.g. 204.
func (c *Ctx) NoContent(status int) error {
	c.w.WriteHeader(status)
	return nil
}

// Redirect sends a redirect to url with the given status (Egg's
// ctx.redirect uses 302: http.StatusFound; a status outside 3xx becomes
// 302). The app's RedirectGuard, if any, vets url first (the security
// module's keeps clients on the app's own hosts); without one the URL is
// sent as given.
func (c *Ctx) Redirect(status int, url string) error {
	if status < 300 || status > 399 {
		status = http.StatusFound
	}
	http.Redirect(c.w, c.req, c.guardRedirect(url), status)
	return nil
}
