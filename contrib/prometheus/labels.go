package prometheus

import (
	"net/http"
	"strings"
)

// Label values with a fixed meaning.
const (
	// Unmatched is the pattern label of requests no route matched: 404s,
	// and answers given by middleware before the router (static files,
	// refused requests). A 405 carries the pattern of the route whose
	// path matched.
	Unmatched = "<unmatched>"
	// OtherHost is the host label of httpclient calls beyond
	// Config.MaxClientHosts distinct hosts.
	OtherHost = "<other>"
)

// methods are the method label values: the standard methods, and OTHER
// for any other token a client sends, so that made-up methods cannot add
// series.
var methods = [...]string{
	http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
	http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace, "OTHER",
}

const nMethods = len(methods)

// methodIndex returns m's index in methods.
func methodIndex(m string) int {
	switch m {
	case http.MethodGet:
		return 0
	case http.MethodHead:
		return 1
	case http.MethodPost:
		return 2
	case http.MethodPut:
		return 3
	case http.MethodPatch:
		return 4
	case http.MethodDelete:
		return 5
	case http.MethodOptions:
		return 6
	case http.MethodConnect:
		return 7
	case http.MethodTrace:
		return 8
	}
	return nMethods - 1
}

// classes are the status label values: the class of the status, "other"
// for a status outside 100-599, and "error" for an httpclient call that
// got no response.
var classes = [...]string{"1xx", "2xx", "3xx", "4xx", "5xx", "other", "error"}

const (
	nClasses   = len(classes)
	classError = nClasses - 1
)

// classIndex returns the index in classes of a response status; 0 is the
// 200 net/http sends for a handler that wrote nothing.
func classIndex(status int) int {
	if status == 0 {
		return 1
	}
	if c := status / 100; c >= 1 && c <= 5 {
		return c - 1
	}
	return 5
}

// labelValue makes s a valid label value (UTF-8), so that creating a
// series never fails on an odd route pattern or host.
func labelValue(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }
