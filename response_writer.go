package egg

import (
	"bufio"
	"errors"
	"net"
	"net/http"
)

// responseWriter records the status of a response. It unwraps to
// the original writer for http.ResponseController, and passes Flush and
// Hijack through for streaming and WebSocket upgrades.
type responseWriter struct {
	http.ResponseWriter
	status int
	bytes  int64 // body bytes written through it (Ctx.BytesWritten)
}

func (w *responseWriter) WriteHeader(code int) {
	if w.status != 0 {
		return // a second WriteHeader would only make net/http log a warning
	}
	if code >= 200 { // 1xx (103 Early Hints) may precede the real status
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *responseWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap returns the original writer (for http.ResponseController).
func (w *responseWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Flush sends buffered data to the client, if the writer can.
func (w *responseWriter) Flush() {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

// Hijack takes over the connection, if the writer allows it.
func (w *responseWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	h, ok := w.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("egg: the response writer does not support hijacking")
	}
	w.status = http.StatusSwitchingProtocols
	return h.Hijack()
}

// written reports whether the status line has been sent.
func (w *responseWriter) written() bool { return w.status != 0 }
