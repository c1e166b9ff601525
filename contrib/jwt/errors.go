package jwt

import (
	"errors"
	"net/http"

	"github.com/egg-go/egg"
	gojwt "github.com/golang-jwt/jwt/v5"
)

// Error codes of the 401 answers (egg-jwt's).
const (
	// CodeCredentialsRequired: the request carries no token.
	CodeCredentialsRequired = "credentials_required"
	// CodeInvalidToken: the token is malformed, badly signed, expired,
	// not yet valid, for another issuer or audience, or revoked.
	CodeInvalidToken = "invalid_token"
)

var (
	// ErrRevoked is the cause of a 401 for a token the Revoker refused.
	ErrRevoked = errors.New("jwt: the token has been revoked")
	// ErrUnknownKey is the cause of a 401 for a token whose "kid" (or
	// algorithm) matches no configured or published key.
	ErrUnknownKey = errors.New("jwt: no key matches the token")
	// ErrMalformedHeader is the cause of a 401 for an Authorization
	// header with the Bearer scheme that holds no usable token.
	ErrMalformedHeader = errors.New("jwt: malformed Authorization: Bearer header")
)

// Messages of the 401 answers: they go to the client (and, quoted, into
// WWW-Authenticate), so they are fixed strings with no client input.
const (
	msgNoToken     = "No authorization token was found"
	msgBadHeader   = "Format is Authorization: Bearer <token>"
	msgMalformed   = "The token is malformed"
	msgAlgorithm   = "The token is signed with an algorithm that is not allowed"
	msgSignature   = "The token signature is invalid"
	msgUnknownKey  = "No key matches the token"
	msgExpired     = "The token has expired"
	msgNotYet      = "The token is not valid yet"
	msgIssuer      = "The token is for another issuer"
	msgAudience    = "The token is for another audience"
	msgNoExp       = "The token has no expiration time"
	msgClaims      = "The token claims are invalid"
	msgRevoked     = "The token has been revoked"
	msgInvalid     = "The token is invalid"
	msgRevokeCheck = "The token could not be checked"
)

// credentialsRequired is the 401 for a request without a token. RFC 6750
// 3.1: no error code in WWW-Authenticate when no credentials were sent.
func credentialsRequired(realm string) *egg.Error {
	return &egg.Error{
		Status:  http.StatusUnauthorized,
		Code:    CodeCredentialsRequired,
		Message: msgNoToken,
		Header:  http.Header{"Www-Authenticate": {challenge(realm, "")}},
	}
}

// invalidToken is the 401 for a token that cannot be accepted.
func invalidToken(realm, msg string, cause error) *egg.Error {
	return &egg.Error{
		Status:  http.StatusUnauthorized,
		Code:    CodeInvalidToken,
		Message: msg,
		Header:  http.Header{"Www-Authenticate": {challenge(realm, msg)}},
		Err:     cause,
	}
}

// challenge is the WWW-Authenticate value (RFC 6750 3): Bearer, the
// realm if any, and for an invalid token its error and description.
func challenge(realm, desc string) string {
	s := "Bearer"
	sep := " "
	if realm != "" {
		s += sep + `realm="` + realm + `"`
		sep = ", "
	}
	if desc != "" {
		s += sep + `error="invalid_token", error_description="` + desc + `"`
	}
	return s
}

// describe picks the message for a golang-jwt parse error. tok is what
// the parser returned (nil for a token it could not split), claims what
// it decoded.
func (v *Verifier) describe(err error, tok *gojwt.Token, claims gojwt.Claims) string {
	switch {
	case errors.Is(err, ErrUnknownKey):
		return msgUnknownKey
	case errors.Is(err, gojwt.ErrTokenMalformed):
		return msgMalformed
	case tok != nil && !algorithmAllowed(tok, v.algs):
		// "none", an unknown alg, or one not in Algorithms (an HS256
		// token against an RSA key: the key-confusion attack)
		return msgAlgorithm
	case errors.Is(err, gojwt.ErrTokenSignatureInvalid):
		return msgSignature
	case errors.Is(err, gojwt.ErrTokenExpired):
		return msgExpired
	case errors.Is(err, gojwt.ErrTokenNotValidYet), errors.Is(err, gojwt.ErrTokenUsedBeforeIssued):
		return msgNotYet
	case errors.Is(err, gojwt.ErrTokenInvalidIssuer):
		return msgIssuer
	case errors.Is(err, gojwt.ErrTokenInvalidAudience):
		return msgAudience
	case errors.Is(err, gojwt.ErrTokenRequiredClaimMissing):
		// golang-jwt says which claim only in its text: look at the claims
		if exp, _ := claims.GetExpirationTime(); exp == nil && v.requireExp {
			return msgNoExp
		}
		if iss, _ := claims.GetIssuer(); iss == "" && v.issuer {
			return msgIssuer
		}
		return msgAudience
	case errors.Is(err, gojwt.ErrTokenInvalidClaims):
		return msgClaims
	}
	return msgInvalid
}

func algorithmAllowed(tok *gojwt.Token, allowed []algorithm) bool {
	alg, _ := tok.Header["alg"].(string)
	for _, a := range allowed {
		if a.name == alg {
			return true
		}
	}
	return false
}

// reject answers a refused request: through egg's error path (onerror
// renders it, the error event fires) when egg serves r, else as plain
// text with the same status and headers.
func reject(w http.ResponseWriter, r *http.Request, e *egg.Error) {
	if egg.CtxFrom(r) != nil {
		egg.HandlerFunc(func(*egg.Ctx) error { return e }).ServeHTTP(w, r)
		return
	}
	for k, v := range e.Header {
		w.Header()[k] = v
	}
	msg := e.Message
	if e.StatusCode() >= 500 {
		msg = http.StatusText(e.StatusCode())
	}
	http.Error(w, msg, e.StatusCode())
}
