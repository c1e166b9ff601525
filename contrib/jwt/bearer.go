package jwt

import (
	"net/http"
	"strings"
)

// maxTokenLen bounds the tokens this package parses: larger ones are
// refused before any decoding. Identity providers' tokens with many
// group claims reach a few kilobytes.
const maxTokenLen = 16 << 10

// bearerState is what an Authorization header says about a bearer token.
type bearerState int

const (
	bearerNone      bearerState = iota // no header, or another scheme (Basic, ...)
	bearerToken                        // a token
	bearerMalformed                    // the Bearer scheme without a usable token
)

// parseBearer reads the values of the Authorization header (all of them,
// as in r.Header["Authorization"]) as RFC 6750 bearer credentials. It
// returns the token and bearerToken; bearerNone when there is no header
// or it uses another scheme, which is left to other middleware; and
// bearerMalformed for the Bearer scheme with no token, a token with
// characters outside RFC 6750's b64token (spaces inside, commas), a token
// over 16 KiB, or more than one Authorization header. The scheme is
// matched without regard to case, and one or more spaces may follow it
// (RFC 9110 11.4); surrounding whitespace is ignored.
func parseBearer(values []string) (string, bearerState) {
	switch len(values) {
	case 0:
		return "", bearerNone
	case 1:
	default:
		for _, v := range values {
			if _, ok := cutBearer(v); ok {
				return "", bearerMalformed // ambiguous: which one counts?
			}
		}
		return "", bearerNone
	}
	rest, ok := cutBearer(values[0])
	if !ok {
		return "", bearerNone
	}
	if !isB64Token(rest) {
		return "", bearerMalformed
	}
	return rest, bearerToken
}

// cutBearer returns what follows the Bearer scheme in v, trimmed, and
// whether v uses that scheme at all.
func cutBearer(v string) (string, bool) {
	v = strings.Trim(v, " \t")
	const scheme = "Bearer"
	if len(v) < len(scheme) || !strings.EqualFold(v[:len(scheme)], scheme) {
		return "", false
	}
	rest := v[len(scheme):]
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return "", false // "Bearerx": another scheme
	}
	return strings.TrimLeft(rest, " \t"), true
}

// isB64Token reports whether s is an RFC 6750 b64token of at most
// maxTokenLen bytes: 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" /
// "/" ) *"=".
func isB64Token(s string) bool {
	if s == "" || len(s) > maxTokenLen {
		return false
	}
	i := 0
	for ; i < len(s); i++ {
		b := s[i]
		if ('a' <= b && b <= 'z') || ('A' <= b && b <= 'Z') || ('0' <= b && b <= '9') ||
			b == '-' || b == '.' || b == '_' || b == '~' || b == '+' || b == '/' {
			continue
		}
		break
	}
	if i == 0 {
		return false
	}
	for ; i < len(s); i++ {
		if s[i] != '=' {
			return false
		}
	}
	return true
}

// extract finds the request's token: the Authorization: Bearer header,
// else the configured cookie, else the configured query parameter. A
// malformed Bearer header is an error even when a cookie holds a token.
func (v *Verifier) extract(r *http.Request) (string, bearerState) {
	tok, state := parseBearer(r.Header["Authorization"])
	if state != bearerNone {
		return tok, state
	}
	if v.cookie != "" {
		if ck, err := r.Cookie(v.cookie); err == nil && ck.Value != "" {
			if !isB64Token(ck.Value) {
				return "", bearerMalformed
			}
			return ck.Value, bearerToken
		}
	}
	if v.query != "" {
		if q := r.URL.Query().Get(v.query); q != "" {
			if !isB64Token(q) {
				return "", bearerMalformed
			}
			return q, bearerToken
		}
	}
	return "", bearerNone
}
