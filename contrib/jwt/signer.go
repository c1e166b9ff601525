package jwt

import (
	"errors"
	"fmt"
	"slices"
	"time"

	gojwt "github.com/golang-jwt/jwt/v5"
)

// Signer signs tokens (Egg's app.jwt.sign) with the first of
// Config.Algorithms its key fits: the Secret for HS algorithms, the
// PrivateKey otherwise, with Config.KeyID as the "kid" header. It is safe
// for concurrent use. Under egg, inject *jwt.Signer; start-up then fails
// if the config has no signing key.
type Signer struct {
	method     gojwt.SigningMethod
	key        any
	kid        string
	issuer     string
	audience   []string
	requireExp bool
	expiresIn  time.Duration
	now        func() time.Time
}

// NewSigner returns the Signer of cfg; it needs no egg app. It fails when
// cfg is invalid or has no key to sign with (public keys and a JWKS only
// verify).
func NewSigner(cfg Config) (*Signer, error) {
	m, err := cfg.material()
	if err != nil {
		return nil, fmt.Errorf("jwt: %w", err)
	}
	if !m.canSign {
		return nil, fmt.Errorf("jwt: *jwt.Signer needs a signing key, but Algorithms %s verify with public keys only; "+
			"set JWT_PRIVATE_KEY_FILE=/path/to/private.pem (or JWT_PRIVATE_KEY), or do not inject *jwt.Signer", algNames(m.algs))
	}
	s := &Signer{
		method:     m.signAlg.method,
		kid:        cfg.KeyID,
		issuer:     cfg.Issuer,
		audience:   cleanAudience(cfg.Audience),
		requireExp: cfg.RequireExpiration,
		expiresIn:  cfg.ExpiresIn,
		now:        time.Now,
	}
	if m.hmac {
		s.key = m.secret
	} else {
		s.key = m.private
	}
	return s, nil
}

// Algorithm returns the algorithm tokens are signed with, e.g. "RS256".
func (s *Signer) Algorithm() string { return s.method.Alg() }

// Claims returns registered claims for a new token about subject: issued
// and valid from now, expiring after Config.ExpiresIn, with the
// configured issuer and audience. Embed them in your claims:
//
//	tok, err := signer.Sign(&UserClaims{RegisteredClaims: signer.Claims(user.ID), Role: "admin"})
func (s *Signer) Claims(subject string) RegisteredClaims {
	now := s.now()
	c := RegisteredClaims{
		Subject:   subject,
		Issuer:    s.issuer,
		IssuedAt:  NewNumericDate(now),
		NotBefore: NewNumericDate(now),
		ExpiresAt: NewNumericDate(now.Add(s.expiresIn)),
	}
	if len(s.audience) > 0 {
		c.Audience = slices.Clone(s.audience)
	}
	return c
}

// Sign returns the signed compact token of claims. It refuses claims
// this module's Verifier would refuse for want of a claim: no "exp" while
// Config.RequireExpiration is on, another "iss" than Config.Issuer, none
// of Config.Audience in "aud".
func (s *Signer) Sign(claims gojwt.Claims) (string, error) {
	if claims == nil {
		return "", errors.New("jwt: Sign(nil): pass the claims, e.g. &UserClaims{RegisteredClaims: signer.Claims(id)}")
	}
	if s.requireExp {
		if exp, err := claims.GetExpirationTime(); err != nil || exp == nil {
			return "", errors.New(`jwt: the claims have no "exp", and Config.RequireExpiration (JWT_REQUIRE_EXPIRATION) refuses such tokens; ` +
				"set ExpiresAt, e.g. with Signer.Claims")
		}
	}
	if s.issuer != "" {
		if iss, _ := claims.GetIssuer(); iss != s.issuer {
			return "", fmt.Errorf(`jwt: the claims' "iss" is %q but Config.Issuer (JWT_ISSUER) is %q; set Issuer, e.g. with Signer.Claims`, iss, s.issuer)
		}
	}
	if len(s.audience) > 0 {
		aud, _ := claims.GetAudience()
		if !slices.ContainsFunc(aud, func(a string) bool { return slices.Contains(s.audience, a) }) {
			return "", fmt.Errorf(`jwt: the claims' "aud" %q has none of Config.Audience (JWT_AUDIENCE) %q; set Audience, e.g. with Signer.Claims`,
				[]string(aud), s.audience)
		}
	}
	tok := gojwt.NewWithClaims(s.method, claims)
	if s.kid != "" {
		tok.Header["kid"] = s.kid
	}
	signed, err := tok.SignedString(s.key)
	if err != nil {
		return "", fmt.Errorf("jwt: signing with %s: %w", s.method.Alg(), err)
	}
	return signed, nil
}
