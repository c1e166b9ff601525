package jwt

import (
	"crypto"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/egg-go/egg"
)

// material is a validated Config turned into what verifying and signing
// use: the algorithms, the secret, the parsed keys.
type material struct {
	algs    []algorithm
	hmac    bool               // the algorithms take a shared secret
	secret  []byte             // HS algorithms
	public  []crypto.PublicKey // PublicKey(File) and PrivateKey's public half
	private crypto.Signer      // PrivateKey(File), for Signer
	signAlg algorithm          // the first algorithm the signing key fits
	canSign bool
}

// Validate refuses, at start-up, configs that cannot verify a token or
// would be unsafe: no algorithm, "none", shared-secret and public-key
// algorithms mixed, a short secret, a key that fits no algorithm (or an
// algorithm with no key), a JWKS over plain http, bad durations. The error
// names the field and says what to set.
func (c *Config) Validate() error {
	_, err := c.material()
	return err
}

// material parses and checks the config; errors come from
// egg.InvalidConfig.
func (c Config) material() (*material, error) {
	m := &material{}
	for _, name := range c.Algorithms {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		a, ok := lookupAlgorithm(name)
		if !ok {
			return nil, egg.InvalidConfig("Algorithms", unknownAlgorithm(name))
		}
		m.algs = append(m.algs, a)
	}
	if len(m.algs) == 0 {
		return nil, egg.InvalidConfig("Algorithms", "no algorithm is allowed, so every token would be refused; "+
			"list the ones your tokens use, e.g. JWT_ALGORITHMS=HS256 or JWT_ALGORITHMS=RS256")
	}
	m.hmac = m.algs[0].family == familyHMAC
	for _, a := range m.algs[1:] {
		if (a.family == familyHMAC) != m.hmac {
			return nil, egg.InvalidConfig("Algorithms", fmt.Sprintf("%s and %s mix a shared-secret algorithm with a public-key one; "+
				"a verifier that takes both invites key confusion: keep one kind, e.g. JWT_ALGORITHMS=RS256", m.algs[0].name, a.name))
		}
	}
	var err error
	if m.hmac {
		err = c.hmacMaterial(m)
	} else {
		err = c.keyMaterial(m)
	}
	if err != nil {
		return nil, err
	}
	return m, c.checkRest()
}

func unknownAlgorithm(name string) string {
	if strings.EqualFold(name, "none") {
		return `"none" means unsigned tokens, which anyone can forge; it is never accepted. ` +
			"List real algorithms, e.g. JWT_ALGORITHMS=HS256"
	}
	for _, known := range strings.Split(algorithmNames, ", ") {
		if strings.EqualFold(name, known) {
			return fmt.Sprintf("%q is written %q (algorithm names are case-sensitive)", name, known)
		}
	}
	return fmt.Sprintf("%q is not an algorithm this module knows; use one of %s", name, algorithmNames)
}

// hmacMaterial checks the HS side: a long enough secret and no keys.
func (c Config) hmacMaterial(m *material) error {
	switch {
	case c.PublicKey != "" || c.PublicKeyFile != "":
		return egg.InvalidConfig("PublicKey", fmt.Sprintf("public keys verify RS, PS, ES and EdDSA tokens, but Algorithms is %s; "+
			"set JWT_ALGORITHMS to the public-key algorithm (e.g. RS256) or remove the key", m.algs[0].name))
	case c.PrivateKey != "" || c.PrivateKeyFile != "":
		return egg.InvalidConfig("PrivateKey", fmt.Sprintf("a private key signs RS, PS, ES and EdDSA tokens, but Algorithms is %s; "+
			"set JWT_ALGORITHMS to the public-key algorithm (e.g. RS256) or remove the key", m.algs[0].name))
	case c.JWKSURL != "":
		return egg.InvalidConfig("JWKSURL", fmt.Sprintf("a JWKS holds public keys for RS, PS, ES and EdDSA tokens, but Algorithms is %s; "+
			"set JWT_ALGORITHMS to what the provider signs with (e.g. RS256)", m.algs[0].name))
	}
	need := 0
	for _, a := range m.algs {
		need = max(need, a.minKey)
	}
	switch {
	case c.Secret == "":
		return egg.InvalidConfig("Secret", fmt.Sprintf("%s needs a shared secret and none is set; "+
			"set JWT_SECRET to at least %d random bytes, e.g. the output of: openssl rand -base64 48", m.algs[0].name, need))
	case strings.Contains(c.Secret, "-----BEGIN"):
		return egg.InvalidConfig("Secret", "holds a PEM key, not a shared secret; for RS/ES/EdDSA set JWT_ALGORITHMS and "+
			"JWT_PUBLIC_KEY (or JWT_PRIVATE_KEY) instead")
	case len(c.Secret) < need:
		return egg.InvalidConfig("Secret", fmt.Sprintf("is %d bytes; HMAC secrets for these algorithms must be at least %d bytes "+
			"(RFC 7518 3.2), e.g. the output of: openssl rand -base64 48", len(c.Secret), need))
	}
	m.secret = []byte(c.Secret)
	m.signAlg, m.canSign = m.algs[0], true
	return nil
}

// keyMaterial checks the public-key side: parseable keys that fit the
// algorithms, an algorithm for every key and a key (or JWKS) for every
// algorithm.
func (c Config) keyMaterial(m *material) error {
	if c.Secret != "" {
		return egg.InvalidConfig("Secret", fmt.Sprintf("a shared secret is for HS algorithms, but Algorithms is %s; "+
			"unset JWT_SECRET, or set JWT_ALGORITHMS=HS256 if your tokens are HMAC-signed", m.algs[0].name))
	}
	pub, err := readPEM(c.PublicKey, c.PublicKeyFile, "PublicKey")
	if err != nil {
		return egg.InvalidConfig("PublicKey", err.Error())
	}
	if pub != "" {
		if m.public, err = parsePublicKeys(pub); err != nil {
			return egg.InvalidConfig("PublicKey", err.Error())
		}
	}
	priv, err := readPEM(c.PrivateKey, c.PrivateKeyFile, "PrivateKey")
	if err != nil {
		return egg.InvalidConfig("PrivateKey", err.Error())
	}
	if priv != "" {
		if m.private, err = parsePrivateKey(priv); err != nil {
			return egg.InvalidConfig("PrivateKey", err.Error())
		}
		m.public = append(m.public, m.private.Public())
		for _, a := range m.algs {
			if a.fits(m.private.Public()) {
				m.signAlg, m.canSign = a, true
				break
			}
		}
		if !m.canSign {
			return egg.InvalidConfig("PrivateKey", fmt.Sprintf("is %s, which none of the algorithms %s signs with; "+
				"set JWT_ALGORITHMS to match the key (RS256 for RSA, ES256 for P-256, EdDSA for Ed25519)",
				describeKey(m.private.Public()), algNames(m.algs)))
		}
	}
	for _, k := range m.public {
		if !anyFits(m.algs, k) {
			return egg.InvalidConfig("PublicKey", fmt.Sprintf("holds %s, which none of the algorithms %s verifies; "+
				"set JWT_ALGORITHMS to match the key (RS256 for RSA, ES256 for P-256, EdDSA for Ed25519)",
				describeKey(k), algNames(m.algs)))
		}
	}
	if c.JWKSURL != "" {
		return checkJWKSURL(c.JWKSURL)
	}
	if len(m.public) == 0 {
		return egg.InvalidConfig("PublicKey", fmt.Sprintf("%s needs a public key to verify tokens and none is set; "+
			"set JWT_PUBLIC_KEY_FILE=/path/to/public.pem (or JWT_PUBLIC_KEY, JWT_PRIVATE_KEY_FILE, or JWT_JWKS_URL "+
			"for an identity provider's key set)", m.algs[0].name))
	}
	for _, a := range m.algs {
		found := false
		for _, k := range m.public {
			found = found || a.fits(k)
		}
		if !found {
			return egg.InvalidConfig("Algorithms", fmt.Sprintf("%s needs %s and no configured key is one; "+
				"add it to JWT_PUBLIC_KEY or drop %s from JWT_ALGORITHMS", a.name, a.keyFor(), a.name))
		}
	}
	return nil
}

func anyFits(algs []algorithm, key any) bool {
	for _, a := range algs {
		if a.fits(key) {
			return true
		}
	}
	return false
}

func algNames(algs []algorithm) string {
	names := make([]string, len(algs))
	for i, a := range algs {
		names[i] = a.name
	}
	return "[" + strings.Join(names, ",") + "]"
}

// checkJWKSURL allows https, and http only to a loopback host: a key set
// fetched over plain http lets anyone on the path mint accepted tokens.
func checkJWKSURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return egg.InvalidConfig("JWKSURL", "must be an absolute https URL, e.g. "+
			"JWT_JWKS_URL=https://login.example.com/.well-known/jwks.json")
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return egg.InvalidConfig("JWKSURL", "is plain http: anyone between this app and the provider could swap in "+
			"their own keys and sign tokens you accept; use the provider's https URL")
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// checkRest checks the fields that do not depend on the algorithm.
func (c Config) checkRest() error {
	switch {
	case c.JWKSTimeout <= 0:
		return egg.InvalidConfig("JWKSTimeout", "must be positive, e.g. JWT_JWKS_TIMEOUT=5s")
	case c.JWKSMinRefresh < time.Second:
		return egg.InvalidConfig("JWKSMinRefresh", "must be at least 1s, or tokens with made-up kids could make "+
			"this app hammer the provider; e.g. JWT_JWKS_MIN_REFRESH=10s")
	case c.JWKSRefresh < c.JWKSMinRefresh:
		return egg.InvalidConfig("JWKSRefresh", "must be at least JWKSMinRefresh, e.g. JWT_JWKS_REFRESH=10m")
	case c.Leeway < 0:
		return egg.InvalidConfig("Leeway", "must not be negative; 0 allows no clock skew, e.g. JWT_LEEWAY=30s")
	case c.Leeway > 10*time.Minute:
		return egg.InvalidConfig("Leeway", "is over 10m, which keeps expired tokens working that long; "+
			"clock skew is seconds, e.g. JWT_LEEWAY=30s")
	case c.ExpiresIn <= 0:
		return egg.InvalidConfig("ExpiresIn", "must be positive, e.g. JWT_EXPIRES_IN=1h")
	case c.Cookie != "" && !isToken(c.Cookie):
		return egg.InvalidConfig("Cookie", fmt.Sprintf("%q is not a cookie name (letters, digits and !#$%%&'*+-.^_`|~)", c.Cookie))
	case strings.ContainsAny(c.Query, "&=# "):
		return egg.InvalidConfig("Query", fmt.Sprintf("%q is not a query parameter name; e.g. JWT_QUERY=access_token", c.Query))
	case strings.ContainsFunc(c.Realm, func(r rune) bool { return r == '"' || r == '\\' || r < ' ' || r == 0x7f }):
		return egg.InvalidConfig("Realm", "must not contain quotes, backslashes or control characters (it is sent in WWW-Authenticate)")
	}
	for _, a := range c.Audience {
		if strings.TrimSpace(a) == "" {
			return egg.InvalidConfig("Audience", "has an empty entry; list audiences separated by commas, e.g. JWT_AUDIENCE=api,admin")
		}
	}
	return nil
}

// isToken reports whether s is an RFC 9110 token (a cookie name).
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		if ('a' <= b|0x20 && b|0x20 <= 'z') || ('0' <= b && b <= '9') || strings.IndexByte("!#$%&'*+-.^_`|~", b) >= 0 {
			continue
		}
		return false
	}
	return true
}

// cleanAudience trims the audience entries (comma-separated env values
// often carry spaces).
func cleanAudience(in []string) []string {
	var out []string
	for _, a := range in {
		if a = strings.TrimSpace(a); a != "" {
			out = append(out, a)
		}
	}
	return out
}
