// Package session is egg's session module (Egg's egg-session): a
// per-visitor store of JSON values and flash messages behind
// session.Get(c).
//
//	func login(c *egg.Ctx) error {
//		s := session.Get(c)
//		s.Regenerate() // a new id at sign-in, against session fixation
//		if err := s.Set("user", "alice"); err != nil {
//			return err
//		}
//		return c.Redirect(http.StatusFound, "/me")
//	}
//
//	func me(c *egg.Ctx) error {
//		user, ok := session.Value[string](session.Get(c), "user")
//		...
//	}
//
// By default the whole session travels in one cookie, EGG_SESS, encrypted
// and authenticated with AES-256-GCM under a key derived (HKDF-SHA256)
// from the first of the app's keys (AppConfig.Keys, EGG_KEYS); cookies made
// with the other keys still open and are re-encrypted with the first on
// their next response, so keys rotate by putting a new one first. The
// expiry is inside the encrypted cookie, so a client cannot extend it. A
// cookie that is tampered with, expired or made with an unknown key is an
// empty session, never an error.
//
// A session is decoded on the first session.Get of a request and saved
// just before the response's headers go out (egg's Ctx.BeforeHeaders),
// only when it changed, was renewed (less than half its max age left) or
// was made with an old key. A request that never calls session.Get costs
// one request value and nothing else.
//
// A Store keeps sessions on the server: the cookie then holds only the
// session's id. MemoryStore serves one process; contrib/redis provides
// one for many instances. The package sessiontest makes session cookies
// for tests and reads them back from responses (egg-mock's mockSession).
package session
