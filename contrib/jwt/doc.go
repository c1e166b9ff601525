// Package jwt is egg-jwt for egg for Go: JSON Web Token authentication as
// an egg module, on github.com/golang-jwt/jwt/v5. It verifies bearer
// tokens signed with HS, RS, PS, ES or EdDSA algorithms (the allowed ones
// pinned by config, "none" never), hands the app's own claims type to
// handlers, signs tokens, and can take keys from an identity provider's
// JWKS.
//
// # Protect an API with a shared secret
//
// Add the module, register your claims type and turn the middleware on
// where it is needed:
//
//	type UserClaims struct {
//		jwt.RegisteredClaims
//		Role string `json:"role"`
//	}
//
//	egg.Run(modules.Default(), jwt.Module, jwt.WithClaims[UserClaims](), app.Module,
//		egg.UseMiddleware(jwt.Name, egg.Match("/api")),
//	)
//
//	JWT_SECRET=$(openssl rand -base64 48) ./server
//
// A handler reads the verified claims:
//
//	func (h *Posts) Create(c *egg.Ctx) error {
//		me, _ := jwt.Claims[UserClaims](c)
//		...
//	}
//
// # Sign tokens (Egg's app.jwt.sign)
//
// Inject *jwt.Signer; Claims fills subject, issuer, audience, iat, nbf and
// exp (Config.ExpiresIn):
//
//	tok, err := signer.Sign(&UserClaims{RegisteredClaims: signer.Claims(user.ID), Role: user.Role})
//
// # Verify tokens from another service (RS256, ES256, EdDSA)
//
//	JWT_ALGORITHMS=RS256 JWT_PUBLIC_KEY_FILE=/etc/keys/auth.pub.pem ./server
//
// A service that signs its own tokens sets JWT_PRIVATE_KEY_FILE instead:
// the public half verifies. Several PEM blocks in the public key file are
// all accepted (a key rotation).
//
// # Keys from an identity provider (JWKS)
//
//	JWT_ALGORITHMS=RS256 \
//	JWT_JWKS_URL=https://login.example.com/.well-known/jwks.json \
//	JWT_ISSUER=https://login.example.com/ JWT_AUDIENCE=my-api ./server
//
// The key set is fetched before the app is ready, again when a token
// names an unknown "kid" (at most once per JWKSMinRefresh), and when it
// is older than JWKSRefresh. If the app has the httpclient module, the
// fetches go through its client.
//
// # Per route
//
// Inject the Verifier instead of listing the middleware:
//
//	egg.Routes(func(r *egg.Router, v *jwt.Verifier) {
//		r.With(v.Required()).Post("/api/posts", createPost)
//		r.With(v.Optional()).Get("/posts", listPosts) // anonymous users too
//	})
//
// # Anonymous requests, revocation, cookies
//
// JWT_CREDENTIALS_REQUIRED=false lets requests without a token through
// (Claims reports ok == false). A Revoker in the app's graph is asked
// about every valid token (Egg's isRevoked); see RevokedBy. JWT_COOKIE and
// JWT_QUERY also read the token from a cookie or a query parameter.
//
// # What a refused request gets
//
// 401 with egg-jwt's codes, through egg's error path (onerror renders it
// as JSON, HTML or text): credentials_required for no token, with
// WWW-Authenticate: Bearer; invalid_token for a malformed header or a
// token that is malformed, signed with another algorithm or key, expired,
// not yet valid, for another issuer or audience, or revoked, with
// WWW-Authenticate: Bearer error="invalid_token", error_description="...".
// No client input ever makes it a 5xx; only a failing Revoker does.
//
// # Without egg
//
// NewVerifier and NewSigner are plain constructors; Verifier.Middleware
// wraps any http.Handler and ClaimsFrom reads the claims.
package jwt
