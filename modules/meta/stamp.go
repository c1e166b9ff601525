package meta

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"time"
)

// stamp is the response writer the middleware hands on outside egg (under
// egg a BeforeHeaders hook does the work): it sets the meta
// headers when the status line is about to be sent (the first
// WriteHeader with a final status, Write, ReadFrom or Flush). It unwraps
// to the writer it wraps, so http.ResponseController reaches the server's
// writer for deadlines and full duplex, and it passes Flush and Hijack
// through. Stamps are pooled: one lives only while its request is in the
// middleware.
type stamp struct {
	http.ResponseWriter
	m         *Middleware // set once, when the pool makes the stamp
	start     time.Time   // when the request reached the middleware
	keepAlive bool        // the connection stays open after this response
	stamped   bool
}

// stamp sets the headers, once.
func (s *stamp) stamp() {
	s.stamped = true
	h := s.ResponseWriter.Header()
	h[HeaderReadtime] = s.m.readtime(time.Since(s.start).Milliseconds())
	if s.keepAlive {
		if v := s.m.keepAlive.Load(); v != nil && h["Keep-Alive"] == nil && !closing(h) {
			h["Keep-Alive"] = *v
		}
	}
}

// WriteHeader stamps before a final status; a 1xx (103 Early Hints) goes
// out as it is and the final response is stamped later.
func (s *stamp) WriteHeader(code int) {
	if !s.stamped && code >= 200 {
		s.stamp()
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *stamp) Write(b []byte) (int, error) {
	if !s.stamped {
		s.stamp()
	}
	return s.ResponseWriter.Write(b)
}

// WriteString spares a handler's io.WriteString a copy when the wrapped
// writer takes strings (net/http's does).
func (s *stamp) WriteString(str string) (int, error) {
	if !s.stamped {
		s.stamp()
	}
	return io.WriteString(s.ResponseWriter, str)
}

// ReadFrom keeps io.Copy onto the response as fast as the wrapped writer
// makes it (net/http's uses sendfile for files).
func (s *stamp) ReadFrom(src io.Reader) (int64, error) {
	if !s.stamped {
		s.stamp()
	}
	return io.Copy(s.ResponseWriter, src)
}

// Unwrap returns the wrapped writer (for http.ResponseController).
func (s *stamp) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// FlushError sends the headers and any buffered body; http.ResponseController's
// Flush calls it.
func (s *stamp) FlushError() error {
	if !s.stamped {
		s.stamp()
	}
	return http.NewResponseController(s.ResponseWriter).Flush()
}

// Flush is FlushError for callers that use http.Flusher.
func (s *stamp) Flush() { _ = s.FlushError() }

// Hijack hands the connection over; nothing is stamped on it any more.
func (s *stamp) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, rw, err := http.NewResponseController(s.ResponseWriter).Hijack()
	if err == nil {
		s.stamped = true
	}
	return conn, rw, err
}
