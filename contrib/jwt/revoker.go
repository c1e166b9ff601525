package jwt

import (
	"context"
	"fmt"

	gojwt "github.com/golang-jwt/jwt/v5"
)

// Revoker decides whether a token that checks out was revoked since it
// was issued (egg-jwt's isRevoked): a logged-out session, a blocked user,
// a leaked token's "jti" on a deny list. It runs once per request that
// carries a valid token, so keep it fast (a cache or Redis lookup).
// Returning an error refuses the request with a 500 (it fails closed):
// the client cannot fix it, and a revocation store that is down must not
// let revoked tokens in.
//
// Under egg, provide one and the module uses it:
//
//	fx.Provide(func(r *redis.Client) jwt.Revoker {
//		return jwt.RevokedBy(func(ctx context.Context, c *UserClaims) (bool, error) {
//			n, err := r.Exists(ctx, "revoked:"+c.ID).Result()
//			return n > 0, err
//		})
//	})
type Revoker interface {
	IsRevoked(ctx context.Context, claims gojwt.Claims) (bool, error)
}

// RevokerFunc is a function that is a Revoker.
type RevokerFunc func(ctx context.Context, claims gojwt.Claims) (bool, error)

// IsRevoked calls f.
func (f RevokerFunc) IsRevoked(ctx context.Context, claims gojwt.Claims) (bool, error) {
	return f(ctx, claims)
}

// RevokedBy returns a Revoker from a function of the app's claims type
// T (the one registered with WithClaims). Claims of another type are an
// error, so a mismatch fails loudly instead of letting tokens through.
func RevokedBy[T any](fn func(ctx context.Context, claims *T) (bool, error)) Revoker {
	return RevokerFunc(func(ctx context.Context, claims gojwt.Claims) (bool, error) {
		t, ok := any(claims).(*T)
		if !ok {
			return false, fmt.Errorf("jwt: RevokedBy[%T] got claims of type %T; register the type with jwt.WithClaims[%T]()",
				*new(T), claims, *new(T))
		}
		return fn(ctx, t)
	})
}
