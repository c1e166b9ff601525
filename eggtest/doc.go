// Package eggtest tests egg apps: Egg's egg-mock for Go. It starts an app
// in the unittest env without a port, serves requests to it in memory,
// checks the responses, gives service tests an anonymous context, records
// the app's logs and checks for leaked goroutines. Everything fails the
// test it was given; nothing needs tearing down by hand. Under the hood an
// app is fxtest.New(t, egg.Options(...)): the very graph egg.Run builds.
//
// # Start an app
//
// New builds the app from the same options main passes to egg.Run, in the
// unittest env, and starts it (every boot phase runs, nothing listens). It
// stops at the end of the test (BeforeClose runs then):
//
//	func TestUsers(t *testing.T) {
//		app := eggtest.New(t, modules.Default(), app.Module)
//		app.GET("/api/users").Do().Status(200)
//	}
//
// A start error fails the test with egg's one-line message (the hook,
// config field or route at fault). To test a failure on purpose, use Start,
// which returns the error instead.
//
// # Replace a provider with a fake
//
// Options after the app's own go to fx as they are. eggtest.Replace[T]
// makes a fake the app's T, whatever the fake's concrete type (the real
// constructor is not called); fx.Decorate wraps a value:
//
//	app := eggtest.New(t, modules.Default(), app.Module,
//		eggtest.Replace[service.Mailer](&fakeMailer{}),
//		fx.Decorate(func(s *service.Store) *service.Store { s.Reset(); return s }),
//	)
//
// fx.Replace(fake) replaces by fake's own type, so for an app that
// provides an interface it replaces nothing: use eggtest.Replace for
// interfaces. Whichever you use, a replacement or decoration at the top
// level that fx never applies (nothing provides the type, or nothing uses
// it) fails the test, naming the option's file and line, rather than
// letting the test run against the real value. Add routes or boot hooks
// that exist only for a test the same way, with egg.Routes or egg.Boot at
// the top level.
//
// # Per-test config
//
// A top-level egg.Configure is the app's own config layer, so it overrides
// module and framework defaults; later options win over earlier ones:
//
//	app := eggtest.New(t, modules.Default(), app.Module,
//		egg.Configure(func(c *hello.Config) { c.Greeting = "hi" }),
//	)
//
// egg.Env("prod") after the app's options tests another env's config.
// Environment variables still apply (t.Setenv sets one for one test).
//
// # Requests and expectations
//
// Request builders mirror supertest: pick a method and path, add headers,
// query, cookies or a body, then Do. The response checks chain and report a
// failure with the request, the status and the body, so a failed test says
// what the app answered:
//
//	var u User
//	app.POST("/api/users").JSON(map[string]any{"name": "carol"}).Do().
//		Status(201).
//		HeaderContains("Location", "/api/users/").
//		JSON(&u)
//
//	app.GET("/api/users/42").Header("Accept", "application/json").Do().
//		Status(404).
//		JSONEquals(`{"code":"not_found","message":"user 42 not found"}`)
//
// A client set up once: WithHeader sends a header with every request of
// the returned App (an API key), WithCookieJar carries the cookies the app
// sets from one request to the next (a browser with a session), and
// Multipart builds an upload form:
//
//	api := app.WithHeader("X-API-Key", "test-key")
//	browser := app.WithCookieJar()
//	browser.POST("/login").Form(url.Values{"user": {"ada"}}).Do()
//	browser.POST("/photos").Multipart(eggtest.Multipart().
//		Field("title", "beach").
//		File("photo", "beach.jpg", jpeg)).Do().Status(201)
//
// Requests go through App.ServeHTTP in memory (httptest), with Host
// example.com and RemoteAddr 192.0.2.1:1234 unless set; a HEAD response has
// no body, as from a real server. The App keeps the test it was made with;
// in a subtest, use app.WithT(t) so that failures land on the subtest.
//
// # Anonymous context for service tests
//
// Ctx returns an anonymous context (Egg's app.mockContext) with its own
// scope of request-scoped services, canceled when the test ends:
//
//	users := egg.Use[*service.UserService](app.Ctx())
//	u := users.Create(service.UserInput{Name: "carol", Age: 30})
//
// # Logs
//
// The app logs to the test (t.Log: shown with -v or when the test fails)
// from level info, or the level in EGG_LOG. Every record from debug up is
// also kept, for ExpectLog and NotExpectLog (Egg's expectLog):
//
//	app.ExpectLog(`msg="hello is ready"`)
//
// eggtest adds its capture to egg's logging as one more handler, so the
// test's own egg.WithLogHandler(h) receives every record too, and
// egg.LogOutput(w) receives the console's lines (level warn in unittest,
// or EGG_LOG). egg.WithLogger replaces all of egg's handlers, eggtest's
// capture included: with it, ExpectLog sees nothing.
//
// # Module graph test
//
// ValidateApp checks the wiring without starting anything; every app can
// copy this test, so that a missing provider fails go test rather than
// start-up:
//
//	func TestModuleGraph(t *testing.T) {
//		eggtest.ValidateApp(t, modules.Default(), app.Module)
//	}
//
// # Goroutine leaks
//
// VerifyNone checks, after the test and its cleanups (the app's stop
// included), that the test left no goroutine running; VerifyTestMain does
// the same for a whole package:
//
//	func TestMain(m *testing.M) { eggtest.VerifyTestMain(m) }
//
//	func TestWorker(t *testing.T) {
//		eggtest.VerifyNone(t) // first, so that it checks after the app stops
//		app := eggtest.New(t, app.Module)
//		...
//	}
//
// egg itself needs no goroutine to be ignored.
package eggtest
