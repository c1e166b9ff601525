package httpclienttest_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/httpclient"
	"github.com/egg-go/egg/modules/httpclient/httpclienttest"
)

// weather is an app module whose route calls an outside API.
var weather = egg.Module("weather",
	egg.Routes(func(r *egg.Router, client *httpclient.Client) {
		r.Get("/today", func(c *egg.Ctx) error {
			var f struct{ Sky string }
			if err := client.GetJSON(c, "https://api.weather.example/v1/forecast?city=Paris", &f); err != nil {
				return err
			}
			return c.JSON(200, map[string]string{"paris": f.Sky})
		})
	}),
)

// In a test, Intercept answers the app's outbound calls, fails the test on
// any other, and records them. Here t stands in for the test's *testing.T.
func ExampleIntercept() {
	t := &exampleT{}
	defer t.end()

	ic := httpclienttest.Intercept(t,
		httpclienttest.ReplyJSON("GET", "api.weather.example/v1/*", 200, map[string]string{"sky": "clear"}),
	)
	app := eggtest.New(t, httpclient.Module, weather, ic)

	fmt.Println(app.GET("/today").Header("X-Request-Id", "r-42").Do().Status(200).Body())

	call := ic.AssertCalled("GET", "https://api.weather.example/v1/forecast")
	fmt.Println(call, "id:", call.Header.Get("X-Request-Id"))
	// Output:
	// {"paris":"clear"}
	// GET https://api.weather.example/v1/forecast?city=Paris id: r-42
}

// exampleT is the least of a testing.TB an example needs: it prints
// failures and runs cleanups at end.
type exampleT struct {
	testing.TB
	cleanups []func()
}

func (t *exampleT) Helper()                           {}
func (t *exampleT) Context() context.Context          { return context.Background() }
func (t *exampleT) Cleanup(fn func())                 { t.cleanups = append(t.cleanups, fn) }
func (t *exampleT) Log(...any)                        {}
func (t *exampleT) Logf(string, ...any)               {}
func (t *exampleT) Errorf(format string, args ...any) { fmt.Printf("FAIL: "+format+"\n", args...) }
func (t *exampleT) Fatalf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }

func (t *exampleT) end() {
	for i := len(t.cleanups) - 1; i >= 0; i-- {
		t.cleanups[i]()
	}
}
