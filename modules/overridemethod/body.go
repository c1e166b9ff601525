package overridemethod

import (
	"io"
	"net/http"
	"slices"
)

// readField reads the body, up to the limit, and returns Field's values;
// whatever happens, r.Body is replaced by one that gives the very bytes
// and error the original would have, so Ctx.Bind later reads the body as
// if it were untouched. A body over the limit, one that fails to read and
// a form url.ParseQuery would refuse give no values: Bind answers those.
func (m *Middleware) readField(r *http.Request) []string {
	if r.Body == nil || r.Body == http.NoBody || r.ContentLength == 0 || r.ContentLength > m.limit {
		return nil
	}
	data, complete, err := readUpTo(r.Body, m.limit, r.ContentLength)
	b := &replay{data: data, body: r.Body}
	switch {
	case err != nil:
		b.rest = errReader{err}
	case !complete:
		b.rest = r.Body
	}
	r.Body = b
	if !complete || err != nil {
		return nil
	}
	values, ok := formField(data, m.field)
	if !ok {
		return nil
	}
	return values
}

// readUpTo reads body to its end, or until more than limit bytes have
// come (complete is then false). hint is the Content-Length, or -1.
func readUpTo(body io.Reader, limit, hint int64) (data []byte, complete bool, err error) {
	max := limit + 1 // one byte more tells a body of exactly limit bytes from a larger one
	size := int64(512)
	if hint >= 0 {
		size = hint + 1 // room to see io.EOF without growing
	}
	data = make([]byte, 0, min(size, max))
	for {
		if int64(len(data)) >= max {
			return data, false, nil
		}
		if len(data) == cap(data) {
			data = slices.Grow(data, int(min(2*int64(cap(data)), max))-len(data))
		}
		n, err := body.Read(data[len(data):min(cap(data), int(max))]) // never empty: len < max, len < cap
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, int64(len(data)) <= limit, nil
		}
		if err != nil {
			return data, false, err
		}
	}
}

// replay is the request body after readField: the bytes it read, then
// the rest of the original body (or the error reading it gave), closed
// through the original.
type replay struct {
	data []byte
	rest io.Reader // nil: the bytes were all of it
	body io.Closer
}

func (b *replay) Read(p []byte) (int, error) {
	if len(b.data) > 0 {
		n := copy(p, b.data)
		b.data = b.data[n:]
		return n, nil
	}
	if b.rest != nil {
		return b.rest.Read(p)
	}
	return 0, io.EOF
}

func (b *replay) Close() error { return b.body.Close() }

// errReader gives the error that reading the original body gave.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }
