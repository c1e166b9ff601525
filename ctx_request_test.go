package egg_test

import (
	"testing"

	"github.com/egg-go/egg"
)

// Issue 8 #10: c.IPs() is [] (never nil, never null in JSON), as Egg's
// ctx.ips.
func TestIPsIsNeverNil(t *testing.T) {
	tests := []struct {
		name    string
		proxy   bool
		headers []string
		want    string
	}{
		{"proxy off", false, []string{"X-Forwarded-For", "1.2.3.4"}, `{"ips":[]}`},
		{"proxy on, no header", true, nil, `{"ips":[]}`},
		{"proxy on, empty entries", true, []string{"X-Forwarded-For", " , ,"}, `{"ips":[]}`},
		{"proxy on", true, []string{"X-Forwarded-For", "1.2.3.4, 10.0.0.1"}, `{"ips":["1.2.3.4","10.0.0.1"]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := ctxApp(t, func(c *egg.Ctx) error {
				if c.IPs() == nil {
					t.Error("IPs() is nil")
				}
				return c.JSON(200, map[string]any{"ips": c.IPs()})
			}, egg.Configure(func(c *egg.HTTPConfig) { c.Proxy = tt.proxy }))
			if w := serve(app, "GET", "/", nil, tt.headers...); w.Body.String() != tt.want {
				t.Errorf("%s", w.Body.String())
			}
		})
	}
}
