package security

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
)

// The token-mode secret lives in the cookie as base64url(secret || mac):
// 16 random bytes and an HMAC-SHA256 of them under the first app key, so
// only this app (holding AppConfig.Keys) can make one; every key verifies,
// so keys can be rotated. A request proves it comes from a page of the app
// by echoing the cookie (scripts read it) or a masked copy of it (forms
// get one from CSRFToken: base64url(pad || raw XOR pad), different on
// every call, so a compressed page never repeats the secret — BREACH).
const (
	secretLen = 16
	macLen    = sha256.Size
	rawLen    = secretLen + macLen // decoded cookie value
	maskedLen = 2 * rawLen         // decoded masked token
)

// macLabel separates these MACs from any other use of the app keys.
var macLabel = []byte("egg-go csrf token v1\x00")

var enc = base64.RawURLEncoding

// tokenCodec makes and checks token-mode secrets.
type tokenCodec struct{ keys [][]byte }

func tokenMAC(key, secret []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(macLabel)
	m.Write(secret)
	return m.Sum(nil)
}

// newSecret returns a fresh cookie value signed with the first key.
func (t tokenCodec) newSecret() string {
	raw := make([]byte, secretLen, rawLen)
	_, _ = rand.Read(raw) // crypto/rand.Read never fails (Go 1.24+)
	raw = append(raw, tokenMAC(t.keys[0], raw)...)
	return enc.EncodeToString(raw)
}

// decodeSecret decodes a cookie value and checks its MAC under every key;
// nil for a malformed or foreign value.
func (t tokenCodec) decodeSecret(v string) []byte {
	if len(v) != enc.EncodedLen(rawLen) { // exact: the decoder would skip CR and LF
		return nil
	}
	raw, err := enc.DecodeString(v)
	if err != nil || len(raw) != rawLen {
		return nil
	}
	for _, k := range t.keys {
		if hmac.Equal(raw[secretLen:], tokenMAC(k, raw[:secretLen])) {
			return raw
		}
	}
	return nil
}

// mask returns a fresh masked copy of a cookie value for forms.
func mask(cookie string) string {
	raw, err := enc.DecodeString(cookie)
	if err != nil || len(raw) != rawLen {
		return ""
	}
	out := make([]byte, maskedLen)
	pad := out[:rawLen]
	_, _ = rand.Read(pad)
	subtle.XORBytes(out[rawLen:], raw, pad)
	return enc.EncodeToString(out)
}

var (
	errTokenMismatch  = errors.New("the submitted token does not match the csrfToken cookie")
	errTokenMalformed = errors.New("the submitted token is not a token this app made")
)

// matches reports whether a submitted token (the cookie value itself, or a
// masked copy) carries the same secret as the verified cookie raw.
func matches(submitted string, raw []byte) error {
	var got []byte
	switch len(submitted) {
	case enc.EncodedLen(rawLen):
		b, err := enc.DecodeString(submitted)
		if err != nil || len(b) != rawLen {
			return errTokenMalformed
		}
		got = b
	case enc.EncodedLen(maskedLen):
		b, err := enc.DecodeString(submitted)
		if err != nil || len(b) != maskedLen {
			return errTokenMalformed
		}
		got = b[rawLen:]
		subtle.XORBytes(got, got, b[:rawLen])
	default:
		return errTokenMalformed
	}
	if subtle.ConstantTimeCompare(got, raw) != 1 {
		return errTokenMismatch
	}
	return nil
}
