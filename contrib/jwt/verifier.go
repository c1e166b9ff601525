package jwt

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/egg-go/egg"
	gojwt "github.com/golang-jwt/jwt/v5"
)

// Options are what NewVerifier takes besides the Config. Under egg the
// module fills them from the app: the claims type from WithClaims, the
// Revoker and the httpclient module's client when the app provides them.
type Options struct {
	// Claims is the type tokens decode into (ClaimsOf[T]()); the zero
	// value means RegisteredClaims.
	Claims ClaimsType
	// Revoker, when set, is asked about every token whose signature and
	// claims check out (egg-jwt's isRevoked).
	Revoker Revoker
	// HTTPClient fetches the JWKS. Default: a client of its own with
	// Config.JWKSTimeout on connecting, the TLS handshake, the response
	// headers and the whole fetch.
	HTTPClient *http.Client
	// Logger gets the JWKS fetch lines. Default: slog.Default().
	Logger *slog.Logger
	// Now is the clock for "exp", "nbf" and the JWKS refresh.
	// Default: time.Now. For tests.
	Now func() time.Time
}

// Verifier checks tokens (Egg's app.jwt.verify) and is the "jwt"
// middleware. It is safe for concurrent use. Under egg, inject
// *jwt.Verifier; without egg, make one with NewVerifier.
type Verifier struct {
	parser   *gojwt.Parser
	keyfunc  gojwt.Keyfunc
	algs     []algorithm
	static   map[string]any // alg → []byte secret, public key or VerificationKeySet
	jwks     *jwks          // nil without JWKSURL
	claims   ClaimsType
	revoker  Revoker
	required bool
	// what the parser requires, to name a missing claim
	requireExp bool
	issuer     bool
	cookie     string
	query      string
	realm      string
}

// NewVerifier returns a Verifier for cfg; it needs no egg app. The error
// says what is wrong with cfg (see Config.Validate). With a JWKSURL,
// call Start before verifying (it fetches the key set) and Stop when
// done; without one they do nothing.
func NewVerifier(cfg Config, o Options) (*Verifier, error) {
	m, err := cfg.material()
	if err != nil {
		return nil, fmt.Errorf("jwt: %w", err)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	v := &Verifier{
		algs:       m.algs,
		static:     map[string]any{},
		claims:     o.Claims.orDefault(),
		revoker:    o.Revoker,
		required:   cfg.CredentialsRequired,
		requireExp: cfg.RequireExpiration,
		issuer:     cfg.Issuer != "",
		cookie:     cfg.Cookie,
		query:      cfg.Query,
		realm:      cfg.Realm,
	}
	names := make([]string, len(m.algs))
	for i, a := range m.algs {
		names[i] = a.name
		var fit []gojwt.VerificationKey
		if m.hmac {
			fit = append(fit, m.secret)
		}
		for _, k := range m.public {
			if a.fits(k) {
				fit = append(fit, k)
			}
		}
		switch len(fit) {
		case 0:
		case 1:
			v.static[a.name] = fit[0]
		default:
			v.static[a.name] = gojwt.VerificationKeySet{Keys: fit}
		}
	}
	opts := []gojwt.ParserOption{
		gojwt.WithValidMethods(names), // always: the token's "alg" is never trusted on its own
		gojwt.WithLeeway(cfg.Leeway),
		gojwt.WithTimeFunc(o.Now),
	}
	if cfg.RequireExpiration {
		opts = append(opts, gojwt.WithExpirationRequired())
	}
	if cfg.Issuer != "" {
		opts = append(opts, gojwt.WithIssuer(cfg.Issuer))
	}
	if aud := cleanAudience(cfg.Audience); len(aud) > 0 {
		opts = append(opts, gojwt.WithAudience(aud...))
	}
	v.parser = gojwt.NewParser(opts...)
	if cfg.JWKSURL != "" {
		v.jwks = newJWKS(cfg, m.algs, o.HTTPClient, o.Logger, o.Now)
	}
	v.keyfunc = v.keyFor
	return v, nil
}

// Start fetches the JWKS, when there is one; the error names the URL.
// Under egg the module calls it in WillReady, so the app is not ready
// (and start-up fails) until the key set is fetched.
func (v *Verifier) Start(ctx context.Context) error {
	if v.jwks == nil {
		return nil
	}
	return v.jwks.prime(ctx)
}

// Stop ends an in-flight JWKS fetch and closes the idle connections of
// the client NewVerifier built (not those of Options.HTTPClient). Under
// egg the module calls it in BeforeClose.
func (v *Verifier) Stop() {
	if v.jwks != nil {
		v.jwks.close()
	}
}

// keyFor is the golang-jwt key function. The parser has already refused
// any "alg" outside Config.Algorithms, so the key returned always fits
// the algorithm the configuration pinned, whatever the token claims.
func (v *Verifier) keyFor(tok *gojwt.Token) (any, error) {
	alg := tok.Method.Alg()
	var a algorithm
	for _, x := range v.algs {
		if x.name == alg {
			a = x
		}
	}
	if v.jwks != nil {
		kid, _ := tok.Header["kid"].(string)
		if k, ok := v.jwks.key(kid, a); ok {
			if static, ok := v.static[alg]; ok && kid == "" {
				return mergeKeys(k, static), nil
			}
			return k, nil
		}
	}
	if k, ok := v.static[alg]; ok {
		return k, nil
	}
	return nil, ErrUnknownKey
}

// mergeKeys joins two key-function results into one set.
func mergeKeys(a, b any) gojwt.VerificationKeySet {
	var keys []gojwt.VerificationKey
	for _, k := range []any{a, b} {
		if set, ok := k.(gojwt.VerificationKeySet); ok {
			keys = append(keys, set.Keys...)
		} else {
			keys = append(keys, k)
		}
	}
	return gojwt.VerificationKeySet{Keys: keys}
}

// Verify checks token (Egg's app.jwt.verify): its algorithm against
// Config.Algorithms, its signature, "exp" and "nbf", the issuer and
// audience when configured, the claims type's own Validate method if it
// has one, then the Revoker. It returns the claims, of the registered
// claims type (assert it, or use VerifyAs).
//
// The error is an *egg.Error: 401 with code invalid_token and a
// WWW-Authenticate header, wrapping golang-jwt's error (errors.Is(err,
// gojwt.ErrTokenExpired) works) or ErrRevoked; or a 500 when the Revoker
// itself failed. A handler can return it as it is.
func (v *Verifier) Verify(ctx context.Context, token string) (gojwt.Claims, error) {
	claims, e := v.verify(ctx, token)
	if e != nil {
		return nil, e
	}
	return claims, nil
}

func (v *Verifier) verify(ctx context.Context, token string) (gojwt.Claims, *egg.Error) {
	if !isB64Token(token) {
		return nil, invalidToken(v.realm, msgMalformed, fmt.Errorf("%w: not a compact JWS of at most %d bytes", gojwt.ErrTokenMalformed, maxTokenLen))
	}
	claims := v.claims.newClaims()
	tok, err := v.parser.ParseWithClaims(token, claims, v.keyfunc)
	if err != nil {
		return nil, invalidToken(v.realm, v.describe(err, tok, claims), err)
	}
	if v.revoker != nil {
		revoked, err := v.revoker.IsRevoked(ctx, claims)
		if err != nil {
			return nil, &egg.Error{Status: http.StatusInternalServerError, Message: msgRevokeCheck,
				Err: fmt.Errorf("jwt: the Revoker failed, so the token was refused: %w", err)}
		}
		if revoked {
			return nil, invalidToken(v.realm, msgRevoked, ErrRevoked)
		}
	}
	return claims, nil
}

// VerifyAs is Verify with the claims as T, the type registered with
// WithClaims (or given in Options.Claims).
func VerifyAs[T any](ctx context.Context, v *Verifier, token string) (*T, error) {
	claims, err := v.Verify(ctx, token)
	if err != nil {
		return nil, err
	}
	t, ok := any(claims).(*T)
	if !ok {
		return nil, fmt.Errorf("jwt: VerifyAs[%T]: tokens decode into %s; register the type with jwt.WithClaims[%T]()",
			*new(T), v.claims, *new(T))
	}
	return t, nil
}

// ClaimsType returns the type tokens decode into.
func (v *Verifier) ClaimsType() ClaimsType { return v.claims }
