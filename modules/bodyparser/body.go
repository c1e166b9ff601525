package bodyparser

import (
	"errors"
	"fmt"
	"io"
	"net/http"
)

// limitKind names a limit in 413 messages.
type limitKind struct {
	name  string // "JSON"
	field string // "JSONLimit"
}

var (
	jsonLimit = limitKind{"JSON", "JSONLimit"}
	formLimit = limitKind{"form", "FormLimit"}
)

// readBody reads r's body, refusing (413) one over limit: early when
// Content-Length says so, else as soon as limit+1 bytes arrive.
func readBody(r *http.Request, limit int64, kind limitKind) ([]byte, error) {
	if r.ContentLength > limit {
		return nil, tooLarge(limit, kind)
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		return nil, readError(err)
	}
	if int64(len(data)) > limit {
		return nil, tooLarge(limit, kind)
	}
	return data, nil
}

// bodyEmpty reports whether r's body has no bytes at all.
func bodyEmpty(r *http.Request) (bool, error) {
	var buf [1]byte
	n, err := io.ReadFull(r.Body, buf[:])
	if n > 0 {
		return false, nil
	}
	if err == nil || errors.Is(err, io.EOF) {
		return true, nil
	}
	return false, readError(err)
}

func tooLarge(limit int64, kind limitKind) *Error {
	return newError(http.StatusRequestEntityTooLarge, CodeEntityTooLarge,
		fmt.Sprintf("request body is larger than the %s limit of %d bytes (bodyparser %s)", kind.name, limit, kind.field), nil)
}

// readError maps a failed body read: an outer http.MaxBytesReader's limit
// is a 413, anything else (a client gone, bad chunking) a 400.
func readError(err error) *Error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return newError(http.StatusRequestEntityTooLarge, CodeEntityTooLarge,
			fmt.Sprintf("request body is larger than the server's limit of %d bytes", mbe.Limit), err)
	}
	return newError(http.StatusBadRequest, CodeInvalidBody, "could not read the request body: "+err.Error(), err)
}
