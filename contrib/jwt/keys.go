package jwt

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"strings"

	gojwt "github.com/golang-jwt/jwt/v5"
)

// family is the kind of key an algorithm needs.
type family int

const (
	familyHMAC    family = iota + 1 // a shared secret ([]byte)
	familyRSA                       // *rsa.PublicKey / *rsa.PrivateKey
	familyECDSA                     // *ecdsa.PublicKey / *ecdsa.PrivateKey on one curve
	familyEd25519                   // ed25519.PublicKey / ed25519.PrivateKey
)

// algorithm describes one JWS algorithm this package accepts.
type algorithm struct {
	name   string
	method gojwt.SigningMethod
	family family
	curve  elliptic.Curve // ECDSA only
	minKey int            // HMAC: the shortest secret in bytes (RFC 7518 3.2)
}

// minRSABits is the smallest RSA modulus accepted (RFC 7518 3.3 asks
// for 2048 bits or more).
const minRSABits = 2048

// algorithmNames lists the accepted algorithms, for messages.
const algorithmNames = "HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA"

// lookupAlgorithm returns the algorithm named name (case-sensitive, as
// in the JWT header), or false. "none" is never one.
func lookupAlgorithm(name string) (algorithm, bool) {
	a := algorithm{name: name}
	switch name {
	case "HS256":
		a.method, a.family, a.minKey = gojwt.SigningMethodHS256, familyHMAC, 32
	case "HS384":
		a.method, a.family, a.minKey = gojwt.SigningMethodHS384, familyHMAC, 48
	case "HS512":
		a.method, a.family, a.minKey = gojwt.SigningMethodHS512, familyHMAC, 64
	case "RS256":
		a.method, a.family = gojwt.SigningMethodRS256, familyRSA
	case "RS384":
		a.method, a.family = gojwt.SigningMethodRS384, familyRSA
	case "RS512":
		a.method, a.family = gojwt.SigningMethodRS512, familyRSA
	case "PS256":
		a.method, a.family = gojwt.SigningMethodPS256, familyRSA
	case "PS384":
		a.method, a.family = gojwt.SigningMethodPS384, familyRSA
	case "PS512":
		a.method, a.family = gojwt.SigningMethodPS512, familyRSA
	case "ES256":
		a.method, a.family, a.curve = gojwt.SigningMethodES256, familyECDSA, elliptic.P256()
	case "ES384":
		a.method, a.family, a.curve = gojwt.SigningMethodES384, familyECDSA, elliptic.P384()
	case "ES512":
		a.method, a.family, a.curve = gojwt.SigningMethodES512, familyECDSA, elliptic.P521()
	case "EdDSA":
		a.method, a.family = gojwt.SigningMethodEdDSA, familyEd25519
	default:
		return algorithm{}, false
	}
	return a, true
}

// fits reports whether key (a public key, or a []byte secret) can verify
// tokens signed with a.
func (a algorithm) fits(key any) bool {
	switch k := key.(type) {
	case []byte:
		return a.family == familyHMAC
	case *rsa.PublicKey:
		return a.family == familyRSA
	case *ecdsa.PublicKey:
		return a.family == familyECDSA && k.Curve == a.curve
	case ed25519.PublicKey:
		return a.family == familyEd25519
	}
	return false
}

// describeKey names a key's type for messages: "RSA 2048", "ECDSA P-256".
func describeKey(key any) string {
	switch k := key.(type) {
	case *rsa.PublicKey:
		return fmt.Sprintf("an RSA %d-bit key", k.N.BitLen())
	case *ecdsa.PublicKey:
		return "an ECDSA " + k.Curve.Params().Name + " key"
	case ed25519.PublicKey:
		return "an Ed25519 key"
	}
	return fmt.Sprintf("a %T", key)
}

// keyFor names the key an algorithm needs, for messages.
func (a algorithm) keyFor() string {
	switch a.family {
	case familyHMAC:
		return "a shared secret"
	case familyRSA:
		return "an RSA key"
	case familyECDSA:
		return "an ECDSA " + a.curve.Params().Name + " key"
	default:
		return "an Ed25519 key"
	}
}

// readPEM returns the PEM text of a config pair: the inline value or the
// file's content. field names the pair in errors.
func readPEM(inline, file, field string) (string, error) {
	switch {
	case inline != "" && file != "":
		return "", fmt.Errorf("%s and %sFile are both set; set one of them", field, field)
	case file != "":
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("cannot read %sFile: %w; point it at a PEM file", field, err)
		}
		return string(b), nil
	}
	// Environment variables often carry a PEM with literal "\n".
	return strings.ReplaceAll(inline, `\n`, "\n"), nil
}

// parsePublicKeys parses every PEM block of text: PUBLIC KEY (PKIX), RSA
// PUBLIC KEY (PKCS #1) or CERTIFICATE. RSA keys under 2048 bits are
// refused.
func parsePublicKeys(text string) ([]crypto.PublicKey, error) {
	var keys []crypto.PublicKey
	rest := []byte(text)
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		var key any
		var err error
		switch block.Type {
		case "PUBLIC KEY":
			key, err = x509.ParsePKIXPublicKey(block.Bytes)
		case "RSA PUBLIC KEY":
			key, err = x509.ParsePKCS1PublicKey(block.Bytes)
		case "CERTIFICATE":
			var cert *x509.Certificate
			if cert, err = x509.ParseCertificate(block.Bytes); err == nil {
				key = cert.PublicKey
			}
		default:
			return nil, fmt.Errorf("PEM block %q is not a public key; use a \"PUBLIC KEY\" block (openssl pkey -pubout)", block.Type)
		}
		if err != nil {
			return nil, fmt.Errorf("PEM block %q: %w", block.Type, err)
		}
		if err := checkPublicKey(key); err != nil {
			return nil, err
		}
		keys = append(keys, key)
	}
	if len(keys) == 0 {
		return nil, errors.New(`no PEM block found; give the key as "-----BEGIN PUBLIC KEY-----\n...\n-----END PUBLIC KEY-----"`)
	}
	return keys, nil
}

// parsePrivateKey parses the one PEM private key of text: PRIVATE KEY
// (PKCS #8), RSA PRIVATE KEY (PKCS #1) or EC PRIVATE KEY (SEC 1).
// Encrypted keys are refused.
func parsePrivateKey(text string) (crypto.Signer, error) {
	block, _ := pem.Decode([]byte(text))
	if block == nil {
		return nil, errors.New(`no PEM block found; give the key as "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----"`)
	}
	if _, encrypted := block.Headers["Proc-Type"]; encrypted || block.Type == "ENCRYPTED PRIVATE KEY" {
		return nil, errors.New("the private key is encrypted; decrypt it (openssl pkey -in key.pem -out plain.pem) and keep the file private instead")
	}
	var key any
	var err error
	switch block.Type {
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(block.Bytes)
	default:
		return nil, fmt.Errorf("PEM block %q is not a private key; use a \"PRIVATE KEY\" block (openssl pkcs8 -topk8 -nocrypt)", block.Type)
	}
	if err != nil {
		return nil, fmt.Errorf("PEM block %q: %w", block.Type, err)
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("unsupported private key type %T", key)
	}
	if err := checkPublicKey(signer.Public()); err != nil {
		return nil, err
	}
	return signer, nil
}

// checkPublicKey refuses key types and sizes no algorithm here accepts.
func checkPublicKey(key any) error {
	switch k := key.(type) {
	case *rsa.PublicKey:
		if k.N.BitLen() < minRSABits {
			return fmt.Errorf("the RSA key has %d bits; use at least %d (openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048)", k.N.BitLen(), minRSABits)
		}
	case *ecdsa.PublicKey:
		switch k.Curve {
		case elliptic.P256(), elliptic.P384(), elliptic.P521():
		default:
			return fmt.Errorf("the ECDSA key is on curve %s; ES256, ES384 and ES512 use P-256, P-384 and P-521", k.Curve.Params().Name)
		}
	case ed25519.PublicKey:
	default:
		return fmt.Errorf("unsupported key type %T; use an RSA, ECDSA or Ed25519 key", key)
	}
	return nil
}
