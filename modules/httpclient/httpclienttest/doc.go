// Package httpclienttest intercepts an egg app's outbound HTTP calls in
// tests (Egg's mockHttpclient): nothing leaves the process, every call is
// answered by a rule (a canned reply, a handler, or a network error),
// recorded as it would have gone on the wire, and any call no rule
// expects fails the test.
//
//	func TestProfile(t *testing.T) {
//		ic := httpclienttest.Intercept(t,
//			httpclienttest.ReplyJSON("GET", "api.example.com/users/*", 200, User{Name: "carol"}),
//			httpclienttest.Reply("POST", "hooks.example.com/notify", 204, ""),
//		)
//		app := eggtest.New(t, modules.Default(), httpclient.Module, app.Module, ic)
//
//		app.GET("/profile/1").Do().Status(200)
//
//		call := ic.AssertCalled("GET", "api.example.com/users/1")
//		// call.Header carries the forwarded X-Request-Id, call.Body the body
//		ic.AssertCalls("POST", "hooks.example.com/notify", 1)
//	}
//
// The Interceptor is an fx.Option that decorates httpclient.Network, so
// the client's own layers (User-Agent, request id, retries, logs and
// events) still run; Rule.Times builds sequences (a 503, then a 200) to
// test retries. Without an app, use it as the client's network:
// httpclient.New(cfg, httpclient.WithNetwork(ic)).
package httpclienttest
