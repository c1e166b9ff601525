package multipart

import (
	"errors"
	"fmt"
	"net/http"
)

// Error codes. The 413 codes are Egg's (egg-multipart's LimitError codes),
// so clients of an Egg app keep working; Egg has none for the others.
const (
	CodeFileSizeLimit      = "Request_fileSize_limit"      // 413: a file over FileSize
	CodeFilesLimit         = "Request_files_limit"         // 413: more than Files files
	CodeFieldsLimit        = "Request_fields_limit"        // 413: more than Fields fields
	CodeFieldSizeLimit     = "Request_fieldSize_limit"     // 413: a field value over FieldSize
	CodeFieldNameSizeLimit = "Request_fieldNameSize_limit" // 413: a field name over FieldNameSize
	CodeBodyLimit          = "Request_body_limit"          // 413: a body larger than all limits together allow
	CodeInvalidFilename    = "invalid_filename"            // 400: extension not in the whitelist (Egg: "Invalid filename: x")
	CodeInvalidMultipart   = "invalid_multipart"           // 400: malformed body, boundary or part headers
	CodeUnsupportedType    = "unsupported_media_type"      // 415: the request is not multipart
)

// Error is a client error from reading a multipart body: its Status is
// always 4xx, and Code and Message are safe to show. Under egg, Parts and
// Save return it as an *egg.Error with the same status, code and message.
type Error struct {
	Status  int    // 400, 413 or 415
	Code    string // one of the Code constants
	Message string // what was wrong and which limit or rule applies
	Err     error  // the underlying parse or read error, if any
}

// Error implements error: "multipart: 413 Request_fileSize_limit: ...".
func (e *Error) Error() string {
	return fmt.Sprintf("multipart: %d %s: %s", e.Status, e.Code, e.Message)
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

func tooLarge(code, format string, args ...any) *Error {
	return &Error{Status: http.StatusRequestEntityTooLarge, Code: code, Message: fmt.Sprintf(format, args...)}
}

func malformed(err error, format string, args ...any) *Error {
	return &Error{Status: http.StatusBadRequest, Code: CodeInvalidMultipart, Message: fmt.Sprintf(format, args...), Err: err}
}

// readFailure maps an error from reading the body: the body limit is a
// 413, anything else (a body cut short, bad framing) a 400 — never a
// truncated part passed off as complete.
func readFailure(err error, where string, s *settings) *Error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		e := tooLarge(CodeBodyLimit, "the multipart body is larger than %d bytes, the most that the Files (%d), FileSize (%d), Fields (%d) and FieldSize (%d) limits allow",
			mbe.Limit, s.files, s.fileSize, s.fields, s.fieldSize)
		e.Err = err
		return e
	}
	return malformed(err, "the multipart body is malformed or cut short %s: %v", where, err)
}
