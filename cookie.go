package egg

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
)

// ErrNoKeys is returned when a signed cookie is used but AppConfig.Keys is
// empty.
var ErrNoKeys = errors.New("egg: signed cookies need AppConfig.Keys: set EGG_KEYS or egg.Configure(func(c *egg.AppConfig) { c.Keys = ... })")

// SetSignedCookie sets ck and a companion cookie "<name>.sig" holding an
// HMAC-SHA256 of name=value under the first of AppConfig.Keys (Egg's
// signed cookies). The value itself stays readable by the client.
func (c *Ctx) SetSignedCookie(ck *http.Cookie) error {
	if len(c.app.keys) == 0 {
		return ErrNoKeys
	}
	http.SetCookie(c.w, ck)
	sig := *ck
	sig.Name = ck.Name + ".sig"
	sig.Value = signCookie(c.app.keys[0], ck.Name, ck.Value)
	http.SetCookie(c.w, &sig)
	return nil
}

// SignedCookie returns a cookie's value if its signature matches one of
// AppConfig.Keys; ok is false for a missing, unsigned or forged cookie.
func (c *Ctx) SignedCookie(name string) (value string, ok bool) {
	ck, err := c.req.Cookie(name)
	if err != nil {
		return "", false
	}
	sig, err := c.req.Cookie(name + ".sig")
	if err != nil {
		return "", false
	}
	for _, k := range c.app.keys {
		if hmac.Equal([]byte(sig.Value), []byte(signCookie(k, name, ck.Value))) {
			return ck.Value, true
		}
	}
	return "", false
}

func signCookie(key []byte, name, value string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(name + "=" + value))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}
