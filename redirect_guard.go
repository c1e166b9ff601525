package egg

// RedirectGuard vets where Ctx.Redirect (and so Router.Redirect) may send
// a client: Egg's safe redirect. The security module provides one that
// keeps browsers on the app's own host and DomainWhiteList; an app may
// provide its own as egg.RedirectGuard. Without one, Redirect sends the
// URL as given.
type RedirectGuard interface {
	// GuardRedirect returns the URL to send instead of url: url itself
	// when it is allowed, a safe replacement such as "/" when it is not.
	// It runs before anything is written, so it may log through c.
	GuardRedirect(c *Ctx, url string) string
}

// guardRedirect applies the app's RedirectGuard to url, if there is one.
func (c *Ctx) guardRedirect(url string) string {
	if g := c.app.redirectGuard; g != nil {
		return g.GuardRedirect(c, url)
	}
	return url
}
