package route

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"
)

// ParamError is a matched path parameter that is not valid
// percent-encoding.
type ParamError struct {
	Name  string // parameter name, "*" for a wildcard
	Value string // the raw value, cut to 64 bytes
}

// Error names the parameter and shows (a short prefix of) its value.
func (e *ParamError) Error() string {
	return "path parameter " + e.Name + " is not valid percent-encoding: " + strconv.Quote(e.Value)
}

// maxEcho bounds how much of a client's value an error repeats.
const maxEcho = 64

// DecodeParams decodes, in place, the parameters chi matched for r, once.
//
// egg routes on the path as the client escaped it whenever it holds an
// escape that matters (r.URL.RawPath is set, e.g. "/hello/a%2Fb"), so
// that an escaped "/" stays inside its segment; the parameters then
// arrive escaped and are decoded here. Otherwise chi routed on the
// decoded r.URL.Path and the parameters are final: decoding them again
// would turn a literal "%25" into "%" and "%32" into "2". A parameter
// that is not valid percent-encoding is an error, and the request must
// not reach the route's handler.
func DecodeParams(rctx *chi.Context, r *http.Request) *ParamError {
	if r.URL.RawPath == "" || rctx == nil {
		return nil
	}
	vals := rctx.URLParams.Values
	for i, v := range vals {
		if strings.IndexByte(v, '%') < 0 {
			continue
		}
		d, err := url.PathUnescape(v)
		if err != nil {
			e := &ParamError{Value: v}
			if i < len(rctx.URLParams.Keys) {
				e.Name = rctx.URLParams.Keys[i]
			}
			if len(e.Value) > maxEcho {
				e.Value = e.Value[:maxEcho] + "…"
			}
			return e
		}
		vals[i] = d
	}
	return nil
}

// Decoded wraps a route's handler so that it sees decoded parameters; a
// parameter that does not decode goes to bad instead (egg answers 400).
func Decoded(h http.Handler, bad func(http.ResponseWriter, *http.Request, *ParamError)) http.Handler {
	return &decoded{next: h, bad: bad}
}

type decoded struct {
	next http.Handler
	bad  func(http.ResponseWriter, *http.Request, *ParamError)
}

func (d *decoded) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.RawPath != "" {
		if err := DecodeParams(chi.RouteContext(r.Context()), r); err != nil {
			d.bad(w, r, err)
			return
		}
	}
	d.next.ServeHTTP(w, r)
}
