package eggtest

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
)

// WithHeader returns the app with a header that every request it makes
// carries (an API key, an Accept), as a client configured once would send
// it. A request's own Header call replaces it for that request. The
// original App is unchanged; Apps made from the returned one (WithT,
// WithHeader, WithCookieJar) keep the header.
//
//	api := app.WithHeader("X-API-Key", "test-key").WithHeader("Accept", "application/json")
//	api.GET("/api/users").Do().Status(200)
func (a *App) WithHeader(key, value string) *App {
	c := *a
	c.header = a.header.Clone()
	if c.header == nil {
		c.header = http.Header{}
	}
	c.header.Set(key, value)
	return &c
}

// WithCookieJar returns the app with a fresh cookie jar, as a browser
// has: cookies the app sets (Set-Cookie) are sent back on the later
// requests made through the returned App, by the usual rules of domain
// (the request's Host, example.com by default), path and expiry. Secure
// cookies are not sent, as requests are plain http. Requests made through
// the original App, or another WithCookieJar, do not share the jar; Apps
// made from the returned one (WithT, WithHeader) do.
//
//	browser := app.WithCookieJar()
//	browser.POST("/login").Form(url.Values{"user": {"ada"}}).Do().Status(302)
//	browser.GET("/profile").Do().Status(200) // the session cookie is sent
func (a *App) WithCookieJar() *App {
	c := *a
	c.jar, _ = cookiejar.New(nil) // New with nil options never fails
	return &c
}

// Jar returns the app's cookie jar, nil unless the App was made by
// WithCookieJar. Read what the app has set with
// Jar().Cookies(&url.URL{Scheme: "http", Host: "example.com", Path: "/"}).
func (a *App) Jar() http.CookieJar { return a.jar }

// jarURL is the URL cookies of a request to host and path belong to.
func jarURL(host, path string) *url.URL {
	return &url.URL{Scheme: "http", Host: host, Path: path}
}
