package jwt

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"
)

// jwk is the public part of one JSON Web Key (RFC 7517, RFC 7518 6,
// RFC 8037 for Ed25519).
type jwk struct {
	Kty    string   `json:"kty"`
	Kid    string   `json:"kid"`
	Use    string   `json:"use"`
	Alg    string   `json:"alg"`
	KeyOps []string `json:"key_ops"`
	Crv    string   `json:"crv"`
	N      string   `json:"n"`
	E      string   `json:"e"`
	X      string   `json:"x"`
	Y      string   `json:"y"`
}

// publishedKey is one usable key of a key set.
type publishedKey struct {
	kid string
	alg string // the key's own "alg", or "" for any algorithm it fits
	key crypto.PublicKey
}

// parseJWKS reads a JSON Web Key Set and keeps the keys that can verify
// signatures with one of algs; skipped says why the others were left out.
// Only a body that is not a key set at all is an error: one odd key must
// not take the rest down.
func parseJWKS(body []byte, algs []algorithm) (keys []publishedKey, skipped []string, err error) {
	var set struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(body, &set); err != nil {
		return nil, nil, fmt.Errorf("not a JSON Web Key Set: %w", err)
	}
	if set.Keys == nil {
		return nil, nil, errors.New(`not a JSON Web Key Set: no "keys" array`)
	}
	for i, raw := range set.Keys {
		var k jwk
		if err := json.Unmarshal(raw, &k); err != nil {
			skipped = append(skipped, fmt.Sprintf("key %d: %v", i, err))
			continue
		}
		pk, err := k.usable(algs)
		if err != nil {
			skipped = append(skipped, fmt.Sprintf("key %d (kid %q): %v", i, k.Kid, err))
			continue
		}
		keys = append(keys, pk)
	}
	return keys, skipped, nil
}

// usable returns the key when it is a signature key one of algs can use.
func (k jwk) usable(algs []algorithm) (publishedKey, error) {
	if k.Use != "" && k.Use != "sig" {
		return publishedKey{}, fmt.Errorf("use %q is not sig", k.Use)
	}
	if k.KeyOps != nil && !slices.Contains(k.KeyOps, "verify") {
		return publishedKey{}, errors.New(`key_ops does not include "verify"`)
	}
	pub, err := k.publicKey()
	if err != nil {
		return publishedKey{}, err
	}
	for _, a := range algs {
		if a.fits(pub) && (k.Alg == "" || k.Alg == a.name) {
			return publishedKey{kid: k.Kid, alg: k.Alg, key: pub}, nil
		}
	}
	alg := k.Alg
	if alg == "" {
		alg = describeKey(pub)
	}
	return publishedKey{}, fmt.Errorf("%s is not among the allowed algorithms %s", alg, algNames(algs))
}

// publicKey decodes the key's public parameters.
func (k jwk) publicKey() (crypto.PublicKey, error) {
	switch k.Kty {
	case "RSA":
		n, err := b64(k.N, "n")
		if err != nil {
			return nil, err
		}
		e, err := b64(k.E, "e")
		if err != nil {
			return nil, err
		}
		if len(e) == 0 || len(e) > 4 {
			return nil, errors.New(`RSA exponent "e" is out of range`)
		}
		exp := int(new(big.Int).SetBytes(e).Int64())
		if exp < 3 || exp%2 == 0 {
			return nil, fmt.Errorf("RSA exponent %d is not usable", exp)
		}
		key := &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: exp}
		return key, checkPublicKey(key)
	case "EC":
		var curve elliptic.Curve
		switch k.Crv {
		case "P-256":
			curve = elliptic.P256()
		case "P-384":
			curve = elliptic.P384()
		case "P-521":
			curve = elliptic.P521()
		default:
			return nil, fmt.Errorf("EC curve %q is not P-256, P-384 or P-521", k.Crv)
		}
		size := (curve.Params().BitSize + 7) / 8
		x, err := b64(k.X, "x")
		if err != nil {
			return nil, err
		}
		y, err := b64(k.Y, "y")
		if err != nil {
			return nil, err
		}
		if len(x) != size || len(y) != size {
			return nil, fmt.Errorf("EC coordinates must be %d bytes each for %s", size, k.Crv)
		}
		point := append(append([]byte{4}, x...), y...)
		key, err := ecdsa.ParseUncompressedPublicKey(curve, point)
		if err != nil {
			return nil, fmt.Errorf("EC key: %w", err)
		}
		return key, nil
	case "OKP":
		if k.Crv != "Ed25519" {
			return nil, fmt.Errorf("OKP curve %q is not Ed25519", k.Crv)
		}
		x, err := b64(k.X, "x")
		if err != nil {
			return nil, err
		}
		if len(x) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("Ed25519 key must be %d bytes", ed25519.PublicKeySize)
		}
		return ed25519.PublicKey(x), nil
	case "":
		return nil, errors.New(`no "kty"`)
	}
	return nil, fmt.Errorf("key type %q cannot verify RS, PS, ES or EdDSA signatures", k.Kty)
}

// b64 decodes a base64url member; padding is tolerated.
func b64(s, member string) ([]byte, error) {
	if s == "" {
		return nil, fmt.Errorf("member %q is missing", member)
	}
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
	if err != nil {
		return nil, fmt.Errorf("member %q is not base64url: %w", member, err)
	}
	return b, nil
}
