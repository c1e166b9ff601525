package jwt

import (
	"fmt"
	"net/http"
	"time"

	"github.com/egg-go/egg"
	gojwt "github.com/golang-jwt/jwt/v5"
	"go.uber.org/fx"
)

// RegisteredClaims are the registered claims of RFC 7519 (iss, sub, aud,
// exp, nbf, iat, jti), golang-jwt's type. Embed it in your claims type:
//
//	type UserClaims struct {
//		jwt.RegisteredClaims
//		Role string `json:"role"`
//	}
type RegisteredClaims = gojwt.RegisteredClaims

// NumericDate is a JWT time ("exp", "nbf", "iat"), golang-jwt's type.
type NumericDate = gojwt.NumericDate

// ClaimStrings is the "aud" claim: one string or a list, golang-jwt's type.
type ClaimStrings = gojwt.ClaimStrings

// NewNumericDate returns t as a NumericDate, truncated to golang-jwt's
// precision (whole seconds by default).
func NewNumericDate(t time.Time) *NumericDate { return gojwt.NewNumericDate(t) }

// ClaimsPointer is the constraint on claims types: *T must implement
// golang-jwt's Claims, which it does when T embeds RegisteredClaims.
type ClaimsPointer[T any] interface {
	*T
	gojwt.Claims
}

// ClaimsType is the claims type tokens are decoded into: make it with
// ClaimsOf (plain use) or register it with WithClaims (under egg). The
// zero value means RegisteredClaims.
type ClaimsType struct {
	newClaims func() gojwt.Claims
	name      string
}

// ClaimsOf returns the ClaimsType of T, for Options.Claims.
func ClaimsOf[T any, PT ClaimsPointer[T]]() ClaimsType {
	return ClaimsType{
		newClaims: func() gojwt.Claims { return PT(new(T)) },
		name:      fmt.Sprintf("%T", new(T)),
	}
}

// String names the Go type, e.g. "*app.UserClaims".
func (t ClaimsType) String() string {
	if t.newClaims == nil {
		return "*jwt.RegisteredClaims"
	}
	return t.name
}

func (t ClaimsType) orDefault() ClaimsType {
	if t.newClaims == nil {
		return ClaimsOf[RegisteredClaims]()
	}
	return t
}

// WithClaims registers T as the app's claims type: the module decodes
// every token into a new T, and handlers read it with Claims[T]. Put it
// beside the module; without it tokens decode into RegisteredClaims.
//
//	egg.Run(jwt.Module, jwt.WithClaims[UserClaims](), app.Module)
func WithClaims[T any, PT ClaimsPointer[T]]() fx.Option {
	return fx.Supply(ClaimsOf[T, PT]())
}

// claimsKey keys the verified claims in the Ctx (or, outside egg, in the
// request's context).
type claimsKey struct{}

// Claims returns the verified claims of the request, decoded into the
// claims type registered with WithClaims (RegisteredClaims by default).
// ok is false when the request carried no token (CredentialsRequired
// false, or Optional) or when T is not the registered type.
//
//	func (h *Posts) Create(c *egg.Ctx) error {
//		user, _ := jwt.Claims[UserClaims](c) // set: the route requires a token
//		...
//	}
func Claims[T any](c *egg.Ctx) (claims *T, ok bool) {
	v, found := c.Get(claimsKey{})
	if !found {
		return nil, false
	}
	claims, ok = v.(*T)
	return claims, ok
}

// ClaimsFrom is Claims for plain net/http handlers: it reads the claims
// the middleware stored for r, under egg or without it.
func ClaimsFrom[T any](r *http.Request) (claims *T, ok bool) {
	if c := egg.CtxFrom(r); c != nil {
		return Claims[T](c)
	}
	claims, ok = r.Context().Value(claimsKey{}).(*T)
	return claims, ok
}
