package jwt

import (
	"time"
)

// Config configures the jwt module (egg-jwt's config.jwt). Set it with
// egg.Configure(func(c *jwt.Config) {...}) or with the environment
// variables named below (prefix JWT_); egg validates it at start-up and
// masks Secret and PrivateKey in the config dump.
type Config struct {
	// Algorithms are the only JWS algorithms a token may be signed with
	// (its "alg" header); any other, "none" included, is refused with
	// 401 invalid_token. One of HS256, HS384, HS512 (a shared Secret),
	// RS256, RS384, RS512, PS256, PS384, PS512 (RSA keys), ES256, ES384,
	// ES512 (ECDSA keys on P-256, P-384, P-521) or EdDSA (Ed25519 keys).
	// Shared-secret and public-key algorithms cannot be mixed. The first
	// one the signing key fits is the one Signer signs with.
	// Default [HS256]. Env JWT_ALGORITHMS, comma-separated.
	Algorithms []string `env:"ALGORITHMS"`

	// Secret is the shared secret of the HS algorithms, as bytes of the
	// string: at least 32 bytes for HS256, 48 for HS384, 64 for HS512
	// (e.g. openssl rand -base64 48). Default none: required with HS
	// algorithms. Env JWT_SECRET. Masked in the config dump.
	Secret string `env:"SECRET" secret:"true"`

	// PublicKey holds the PEM public keys that verify RS, PS, ES and
	// EdDSA tokens: one or more "PUBLIC KEY", "RSA PUBLIC KEY" or
	// "CERTIFICATE" blocks (several during a key rotation). A literal
	// "\n" in the value is read as a newline, for environment variables.
	// Default none. Env JWT_PUBLIC_KEY.
	PublicKey string `env:"PUBLIC_KEY"`

	// PublicKeyFile is a file holding PublicKey's PEM blocks instead.
	// Default none. Env JWT_PUBLIC_KEY_FILE.
	PublicKeyFile string `env:"PUBLIC_KEY_FILE"`

	// PrivateKey is the PEM private key Signer signs with ("PRIVATE KEY",
	// "RSA PRIVATE KEY" or "EC PRIVATE KEY", unencrypted); its public half
	// also verifies, so a service that signs its own tokens needs nothing
	// else. Default none. Env JWT_PRIVATE_KEY. Masked in the config dump.
	PrivateKey string `env:"PRIVATE_KEY" secret:"true"`

	// PrivateKeyFile is a file holding PrivateKey instead. Default none.
	// Env JWT_PRIVATE_KEY_FILE.
	PrivateKeyFile string `env:"PRIVATE_KEY_FILE"`

	// KeyID is written as the "kid" header of the tokens Signer signs, so
	// verifiers with several keys (a JWKS) find the right one. Default
	// none. Env JWT_KEY_ID.
	KeyID string `env:"KEY_ID"`

	// JWKSURL is the URL of a JSON Web Key Set (an identity provider's
	// jwks_uri) whose keys verify RS, PS, ES and EdDSA tokens, besides
	// PublicKey. It is fetched when the app starts (start-up fails while
	// it cannot be), again when a token names an unknown "kid", and every
	// JWKSRefresh. https, or http only to a loopback host. Default none.
	// Env JWT_JWKS_URL.
	JWKSURL string `env:"JWKS_URL"`

	// JWKSRefresh is how old the key set may get before the next token
	// fetches it again, so withdrawn keys stop working. Default 10m.
	// Env JWT_JWKS_REFRESH.
	JWKSRefresh time.Duration `env:"JWKS_REFRESH"`

	// JWKSMinRefresh is the least time between two fetches that tokens
	// trigger (an unknown "kid", or a fetch that failed), so made-up kids
	// cannot flood the provider. Default 10s. Env JWT_JWKS_MIN_REFRESH.
	JWKSMinRefresh time.Duration `env:"JWKS_MIN_REFRESH"`

	// JWKSTimeout bounds one fetch of the key set, connection included.
	// Default 5s. Env JWT_JWKS_TIMEOUT.
	JWKSTimeout time.Duration `env:"JWKS_TIMEOUT"`

	// Issuer, when set, is the "iss" every token must carry (and Signer
	// checks the tokens it signs for). Default none: not checked.
	// Env JWT_ISSUER.
	Issuer string `env:"ISSUER"`

	// Audience, when set, lists the "aud" values a token may be for; it
	// must carry at least one of them. Default none: not checked.
	// Env JWT_AUDIENCE, comma-separated.
	Audience []string `env:"AUDIENCE"`

	// Leeway is the clock skew allowed when checking "exp" and "nbf".
	// Default 0 (egg-jwt's). Env JWT_LEEWAY, e.g. "30s".
	Leeway time.Duration `env:"LEEWAY"`

	// RequireExpiration refuses tokens without an "exp" claim, which would
	// otherwise be valid forever. Default true (egg-jwt accepts them).
	// Env JWT_REQUIRE_EXPIRATION.
	RequireExpiration bool `env:"REQUIRE_EXPIRATION"`

	// ExpiresIn is the lifetime Signer.Claims gives new tokens (egg-jwt's
	// sign option expiresIn). Default 1h. Env JWT_EXPIRES_IN.
	ExpiresIn time.Duration `env:"EXPIRES_IN"`

	// CredentialsRequired makes the "jwt" middleware answer a request
	// without a token with 401 credentials_required. False lets such
	// requests through anonymously (Claims then reports no claims); a
	// token that is present but invalid is refused either way.
	// Default true (egg-jwt's credentialsRequired). Env
	// JWT_CREDENTIALS_REQUIRED.
	CredentialsRequired bool `env:"CREDENTIALS_REQUIRED"`

	// Cookie, when set, is a cookie the token is also read from when the
	// request has no Authorization: Bearer header. A cookie is sent by
	// the browser on cross-site requests too: pair it with CSRF
	// protection. Default none. Env JWT_COOKIE.
	Cookie string `env:"COOKIE"`

	// Query, when set, is a query parameter the token is also read from
	// when neither the header nor the cookie has one (for WebSocket and
	// EventSource URLs). Query strings end up in access logs and browser
	// history; prefer the header. Default none. Env JWT_QUERY.
	Query string `env:"QUERY"`

	// Realm is the realm named in the WWW-Authenticate header of a 401.
	// Default none. Env JWT_REALM.
	Realm string `env:"REALM"`
}

// DefaultConfig returns the module's defaults: HS256 (set Secret),
// credentials required, tokens must expire, the JWKS refreshed every 10
// minutes at most every 10 seconds.
func DefaultConfig() Config {
	return Config{
		Algorithms:          []string{"HS256"},
		JWKSRefresh:         10 * time.Minute,
		JWKSMinRefresh:      10 * time.Second,
		JWKSTimeout:         5 * time.Second,
		RequireExpiration:   true,
		ExpiresIn:           time.Hour,
		CredentialsRequired: true,
	}
}
