package egg

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
)

// responseWriter records the status of a response and runs the
// BeforeHeaders hooks once, just before the status line and headers go
// out. It unwraps to the original writer for http.ResponseController, and
// passes Flush and Hijack through for streaming and WebSocket upgrades.
type responseWriter struct {
	http.ResponseWriter
	c       *Ctx // the Ctx this writer belongs to, set once (the hooks' argument)
	status  int
	bytes   int64        // body bytes written through it (Ctx.BytesWritten)
	before  []beforeHook // Ctx.BeforeHeaders hooks, run last first; the array is kept between requests
	hooking bool         // the hooks are running: the headers are not sent yet
}

// beforeHook is one BeforeHeaders hook: fn (Ctx.BeforeHeaders) or fc
// (Ctx.BeforeHeadersCtx).
type beforeHook struct {
	fn func()
	fc func(*Ctx)
}

// reset empties the writer for the next request, keeping the Ctx it
// belongs to and the hooks' array (so a request that adds hooks does not
// allocate one).
func (w *responseWriter) reset() {
	clear(w.before) // hooks that never ran (an aborted response) keep nothing alive
	w.before = w.before[:0]
	w.ResponseWriter = nil
	w.status, w.bytes, w.hooking = 0, 0, false
}

func (w *responseWriter) WriteHeader(code int) {
	if w.status != 0 {
		return // a second WriteHeader would only make net/http log a warning
	}
	if code < 200 { // 1xx (103 Early Hints) may precede the real status
		w.ResponseWriter.WriteHeader(code)
		return
	}
	w.status = code
	w.runBefore()
	w.ResponseWriter.WriteHeader(code)
}

// runBefore runs the BeforeHeaders hooks, the last added first (the
// innermost middleware's, as Koa's code after next() runs), each once.
func (w *responseWriter) runBefore() {
	if len(w.before) == 0 {
		return
	}
	// No defer: a hook that panics leaves hooking set, which only makes a
	// later SetHeader skip its warning; the request is failing anyway and
	// reset clears the flag.
	w.hooking = true
	for len(w.before) > 0 {
		i := len(w.before) - 1
		h := w.before[i]
		if h.fc != nil {
			w.before[i].fc = nil // one store, not the whole entry's two
		} else {
			w.before[i].fn = nil
		}
		w.before = w.before[:i]
		if h.fc != nil {
			h.fc(w.c)
		} else {
			h.fn()
		}
	}
	w.hooking = false
}

// implicitOK is the 200 a write without WriteHeader sends; with hooks
// waiting it goes through WriteHeader so they run first.
func (w *responseWriter) implicitOK() {
	if len(w.before) > 0 {
		w.WriteHeader(http.StatusOK)
		return
	}
	w.status = http.StatusOK
}

func (w *responseWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.implicitOK()
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// WriteString writes s without copying it when the writer underneath
// can (net/http's can), so Ctx.Text and Ctx.HTML cost no allocation.
func (w *responseWriter) WriteString(s string) (int, error) {
	if w.status == 0 {
		w.implicitOK()
	}
	var n int
	var err error
	if sw, ok := w.ResponseWriter.(io.StringWriter); ok {
		n, err = sw.WriteString(s)
	} else {
		n, err = w.ResponseWriter.Write([]byte(s))
	}
	w.bytes += int64(n)
	return n, err
}

// Unwrap returns the original writer (for http.ResponseController).
func (w *responseWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Flush sends buffered data to the client, if the writer can.
func (w *responseWriter) Flush() {
	if w.status == 0 {
		w.implicitOK()
	}
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

// Hijack takes over the connection, if the writer allows it. The
// BeforeHeaders hooks do not run: the new owner of the connection writes
// what it wants.
func (w *responseWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	h, ok := w.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("egg: the response writer does not support hijacking")
	}
	w.status = http.StatusSwitchingProtocols
	clear(w.before)
	w.before = w.before[:0]
	return h.Hijack()
}

// written reports whether the status has been decided (sent, or about to
// be sent by the running BeforeHeaders hooks).
func (w *responseWriter) written() bool { return w.status != 0 }

// headersSent reports whether the headers are out, so that setting one
// now is lost.
func (w *responseWriter) headersSent() bool { return w.status != 0 && !w.hooking }
