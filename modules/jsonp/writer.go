package jsonp

import (
	"mime"
	"net/http"
	"strings"
)

// writer wraps a handler's JSON response as JSONP: on the first
// WriteHeader (or Write) it looks at Content-Type; a JSON body is sent as
// application/javascript between Prefix and Suffix, with U+2028 and
// U+2029 escaped (legal in JSON strings, line breaks in older
// JavaScript); anything else passes through unchanged.
type writer struct {
	http.ResponseWriter
	name    string
	state   uint8
	opened  bool
	pending []byte // the start of a possible U+2028/U+2029 at the end of the last Write
}

const (
	undecided uint8 = iota
	wrapping
	passing
)

var contentTypeJS = []string{"application/javascript; charset=utf-8"}

func (w *writer) WriteHeader(code int) {
	if code >= 200 && w.state == undecided {
		w.decide()
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *writer) decide() {
	h := w.Header()
	if !isJSON(h.Get("Content-Type")) {
		w.state = passing
		return
	}
	w.state = wrapping
	h["Content-Type"] = contentTypeJS
	h.Del("Content-Length")
	h.Set("X-Content-Type-Options", "nosniff")
}

func (w *writer) Write(b []byte) (int, error) {
	if w.state == undecided {
		w.WriteHeader(http.StatusOK)
	}
	if w.state == passing {
		return w.ResponseWriter.Write(b)
	}
	if err := w.open(); err != nil {
		return 0, err
	}
	if err := w.escape(b); err != nil {
		return 0, err
	}
	return len(b), nil
}

func (w *writer) open() error {
	if w.opened {
		return nil
	}
	w.opened = true
	_, err := w.ResponseWriter.Write([]byte(Prefix(w.name)))
	return err
}

// escape writes b with U+2028 and U+2029 as \u2028 and \u2029, holding
// back a possible start of one at the end of b for the next call.
func (w *writer) escape(b []byte) error {
	if len(w.pending) > 0 {
		b = append(w.pending, b...)
		w.pending = nil
	}
	start := 0
	for i := 0; i < len(b); i++ {
		if b[i] != 0xE2 {
			continue
		}
		switch {
		case i+2 < len(b):
			if b[i+1] != 0x80 || (b[i+2] != 0xA8 && b[i+2] != 0xA9) {
				continue
			}
			if _, err := w.ResponseWriter.Write(b[start:i]); err != nil {
				return err
			}
			esc := `\u2028`
			if b[i+2] == 0xA9 {
				esc = `\u2029`
			}
			if _, err := w.ResponseWriter.Write([]byte(esc)); err != nil {
				return err
			}
			i += 2
			start = i + 1
		case i+1 == len(b) || b[i+1] == 0x80: // cut short: decide with the next Write
			if _, err := w.ResponseWriter.Write(b[start:i]); err != nil {
				return err
			}
			w.pending = append([]byte(nil), b[i:]...)
			return nil
		}
	}
	_, err := w.ResponseWriter.Write(b[start:])
	return err
}

// finish writes what is still owed when the handler returns: a held-back
// byte sequence and the Suffix (with the Prefix, for an empty body).
func (w *writer) finish() {
	if w.state != wrapping {
		return
	}
	if w.open() != nil {
		return
	}
	if len(w.pending) > 0 {
		_, _ = w.ResponseWriter.Write(w.pending)
		w.pending = nil
	}
	_, _ = w.ResponseWriter.Write([]byte(Suffix))
}

// Unwrap returns the wrapped writer, for http.ResponseController.
func (w *writer) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// isJSON reports whether a Content-Type is JSON: application/json or a
// +json type.
func isJSON(ct string) bool {
	if ct == "" {
		return false
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}
