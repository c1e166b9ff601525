package egg

// Set makes v the request's instance of T, as if T's factory had built it:
// later Get and Use calls in the same request return v, and the factory
// does not run for it. A middleware uses it to hand the handlers after it
// a value it already has (the signed-in user, a parsed token), or to mark
// the request for a module whose request-time API is lazy, at the cost of
// a slice store: no map, and no allocation when T is a pointer type.
// Setting again replaces the value.
func (s *Service[T]) Set(c *Ctx, v T) {
	if len(c.scope) == 0 {
		if cap(c.scope) >= len(c.app.scoped) {
			c.scope = c.scope[:len(c.app.scoped)]
		} else {
			c.scope = make([]any, len(c.app.scoped))
		}
	}
	c.scope[s.idx] = v
}
