package security

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"

	"github.com/egg-go/egg"
)

// maxFieldLen bounds the form field read as a token (a masked token is
// 128 bytes).
const maxFieldLen = 1024

// formToken finds the token field in an urlencoded or multipart form body
// without consuming the body: what it reads (at most BodyLimit bytes) is
// put back in front of the rest, so Ctx.Bind or a multipart reader later
// sees the whole body. It runs only when neither the header nor the query
// carried a token. Other body types have no form field: "".
func (g *CSRF) formToken(r *http.Request) (string, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return "", nil
	}
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		return "", nil
	}
	switch mt {
	case "application/x-www-form-urlencoded":
		buf, _ := io.ReadAll(io.LimitReader(r.Body, g.cfg.BodyLimit+1)) // a read error leaves a short buf: no token
		replay(r, buf)
		if int64(len(buf)) > g.cfg.BodyLimit {
			return "", egg.NewError(http.StatusRequestEntityTooLarge, "csrf_body_too_large", fmt.Sprintf(
				"the form body is larger than %d bytes, the most the CSRF check reads to find the %s field: "+
					"send the token in the %s header instead, or raise the security module's CSRF.BodyLimit",
				g.cfg.BodyLimit, g.cfg.BodyName, g.cfg.HeaderName))
		}
		vals, _ := url.ParseQuery(string(buf)) // a malformed pair is skipped; bodyparser reports it later
		return vals.Get(g.cfg.BodyName), nil
	case "multipart/form-data":
		if params["boundary"] == "" {
			return "", nil
		}
		var seen bytes.Buffer
		mr := multipart.NewReader(io.TeeReader(io.LimitReader(r.Body, g.cfg.BodyLimit), &seen), params["boundary"])
		tok := ""
		for {
			p, err := mr.NextPart()
			if err != nil {
				break // end of form, malformed, or past BodyLimit: no token
			}
			if p.FormName() == g.cfg.BodyName && p.FileName() == "" {
				v, _ := io.ReadAll(io.LimitReader(p, maxFieldLen))
				tok = string(v)
				break
			}
		}
		replay(r, seen.Bytes())
		return tok, nil
	}
	return "", nil
}

// replayBody reads the bytes already taken from a body, then the rest of
// it; Close closes the original body.
type replayBody struct {
	io.Reader
	io.Closer
}

// replay puts read back in front of r's body.
func replay(r *http.Request, read []byte) {
	if len(read) > 0 {
		r.Body = replayBody{Reader: io.MultiReader(bytes.NewReader(read), r.Body), Closer: r.Body}
	}
}
