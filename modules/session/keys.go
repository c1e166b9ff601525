package session

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
)

// The cookie value is base64url (no padding) of
//
//	envelope version (1 byte) | nonce (12 bytes) | AES-256-GCM ciphertext and tag
//
// sealed with the cookie name as additional data, so a value cannot be
// moved to another cookie. GCM both encrypts and authenticates: one cookie
// is encrypted and signed, without Egg's separate ".sig" cookie.
const (
	envelopeVersion  = 1
	nonceLen         = 12
	tagLen           = 16
	envelopeOverhead = 1 + nonceLen + tagLen
	// maxCookieValue bounds what the decoder looks at; a real session
	// cookie is under CookieSizeLimit.
	maxCookieValue = 2 * CookieSizeLimit
)

// Key derivation: each app key is the HKDF-SHA256 secret for its own
// AES-256 key, with a purpose label, so the session key differs from
// anything else derived from the same app key (signed cookies, CSRF
// tokens).
const (
	kdfSalt = "egg-go/modules/session"
	kdfInfo = "session cookie AES-256-GCM v1"
)

var errNotOurs = errors.New("session: the cookie does not decrypt with any app key (tampered, or made with a retired key)")

// keyring holds one AEAD per app key: the first seals, all open.
type keyring struct {
	aeads []cipher.AEAD
}

// newKeyring derives the session keys from the app keys.
func newKeyring(keys []string) (*keyring, error) {
	kr := &keyring{}
	for i, k := range keys {
		if k == "" {
			return nil, fmt.Errorf("session: app key %d (AppConfig.Keys, EGG_KEYS) is empty; remove it or set a long random secret", i)
		}
		dk, err := hkdf.Key(sha256.New, []byte(k), []byte(kdfSalt), kdfInfo, 32)
		if err != nil {
			return nil, fmt.Errorf("session: deriving the key from app key %d: %w", i, err)
		}
		a, err := newAEAD(dk)
		if err != nil {
			return nil, err
		}
		kr.aeads = append(kr.aeads, a)
	}
	return kr, nil
}

// randomKeyring has one random key: sessions last as long as the process.
func randomKeyring() *keyring {
	k := make([]byte, 32)
	_, _ = rand.Read(k) // crypto/rand.Read never fails (Go ≥ 1.24)
	a, err := newAEAD(k)
	if err != nil {
		panic(err) // a 32-byte key is always valid
	}
	return &keyring{aeads: []cipher.AEAD{a}}
}

func newAEAD(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("session: %w", err)
	}
	return cipher.NewGCM(block)
}

// newSealBuf returns a buffer for seal: room for the envelope's version
// and nonce, then the caller appends plainLen bytes of plaintext.
func newSealBuf(plainLen int) []byte {
	return make([]byte, 1+nonceLen, envelopeOverhead+plainLen)
}

// seal encrypts, in place, the plaintext appended to a buffer from
// newSealBuf, and appends the cookie value (base64url) to dst.
func (kr *keyring) seal(dst, buf []byte, name string) []byte {
	buf[0] = envelopeVersion
	nonce := buf[1 : 1+nonceLen]
	_, _ = rand.Read(nonce) // crypto/rand.Read never fails (Go ≥ 1.24)
	plain := buf[1+nonceLen:]
	sealed := kr.aeads[0].Seal(plain[:0], nonce, plain, []byte(name))
	return base64.RawURLEncoding.AppendEncode(dst, buf[:1+nonceLen+len(sealed)])
}

// sealedLen is the length of the cookie value for plainLen bytes.
func sealedLen(plainLen int) int {
	return base64.RawURLEncoding.EncodedLen(envelopeOverhead + plainLen)
}

// open decrypts a cookie value; key is the index of the app key that
// opened it (0 is the current key).
func (kr *keyring) open(value, name string) (plain []byte, key int, err error) {
	if len(value) > maxCookieValue {
		return nil, 0, fmt.Errorf("session: the cookie value is %d bytes, more than a session cookie can be", len(value))
	}
	raw := make([]byte, base64.RawURLEncoding.DecodedLen(len(value)))
	n, err := base64.RawURLEncoding.Decode(raw, []byte(value))
	if err != nil {
		return nil, 0, errors.New("session: the cookie is not base64url")
	}
	raw = raw[:n]
	if len(raw) < envelopeOverhead || raw[0] != envelopeVersion {
		return nil, 0, errors.New("session: the cookie is not a session envelope")
	}
	nonce, ct := raw[1:1+nonceLen], raw[1+nonceLen:]
	// GCM clears its output when a tag does not match, so only the last
	// key may decrypt in place; the others need their own buffer.
	var scratch []byte
	if len(kr.aeads) > 1 {
		scratch = make([]byte, 0, len(ct))
	}
	for i, a := range kr.aeads {
		dst := scratch
		if i == len(kr.aeads)-1 {
			dst = ct[:0]
		}
		if p, err := a.Open(dst, nonce, ct, []byte(name)); err == nil {
			return p, i, nil
		}
	}
	return nil, 0, errNotOurs
}
