package security_test

import (
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/security"
)

func TestConfigErrorsFailStartUp(t *testing.T) {
	tests := []struct {
		name  string
		set   func(c *security.Config)
		wants []string
	}{
		{"XFrame", func(c *security.Config) { c.XFrame = "ALLOW-FROM https://x.example" }, []string{"XFrame", "frame-ancestors"}},
		{"ReferrerPolicy", func(c *security.Config) { c.ReferrerPolicy = "never" }, []string{"ReferrerPolicy", `"never"`, "strict-origin-when-cross-origin"}},
		{"XSSProtection", func(c *security.Config) { c.XSSProtection = "1\r\nX: y" }, []string{"XSSProtection"}},
		{"CSP.Policy", func(c *security.Config) { c.CSP.Policy = "default-src 'self'\n" }, []string{"CSP.Policy"}},
		{"HSTS.MaxAge", func(c *security.Config) { c.HSTS.MaxAge = -1 }, []string{"HSTS.MaxAge", "8760h"}},
		{"whitelist scheme", func(c *security.Config) { c.DomainWhiteList = []string{"https://a.example"} }, []string{"DomainWhiteList", "no scheme"}},
		{"whitelist wildcard", func(c *security.Config) { c.DomainWhiteList = []string{"*.a.example"} }, []string{"DomainWhiteList", ".example.com"}},
		{"whitelist empty", func(c *security.Config) { c.DomainWhiteList = []string{" "} }, []string{"DomainWhiteList", "empty entry"}},
		{"mode", func(c *security.Config) { c.CSRF.Mode = "ctoken" }, []string{"CSRF.Mode", `"token"`}},
		{"trusted origin", func(c *security.Config) { c.CSRF.TrustedOrigins = []string{"admin.example"} }, []string{"CSRF.TrustedOrigins", "scheme://host"}},
		{"bypass pattern", func(c *security.Config) { c.CSRF.InsecureBypassPatterns = []string{"POST /{bad"} }, []string{"CSRF.InsecureBypassPatterns", "ServeMux"}},
		{"cookie name", func(c *security.Config) { c.CSRF.Mode = security.ModeToken; c.CSRF.CookieName = "csrf token" }, []string{"CSRF.CookieName"}},
		{"methods", func(c *security.Config) { c.CSRF.Mode = security.ModeToken; c.CSRF.Methods = nil }, []string{"CSRF.Methods", "POST"}},
		{"body limit", func(c *security.Config) { c.CSRF.Mode = security.ModeToken; c.CSRF.BodyLimit = 0 }, []string{"CSRF.BodyLimit", "1 MiB"}},
	}
	for _, tt := range tests {
		_, err := eggtest.Start(t, security.Module, egg.Configure(tt.set))
		if err == nil {
			t.Errorf("%s: the app started", tt.name)
			continue
		}
		for _, w := range append(tt.wants, `module "security"`) {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q lacks %q", tt.name, err, w)
			}
		}
	}
}

func TestConfigErrorNamesTheEnvVar(t *testing.T) {
	t.Setenv("SECURITY_CSRF_MODE", "tokens")
	_, err := eggtest.Start(t, security.Module)
	if err == nil || !strings.Contains(err.Error(), "env SECURITY_CSRF_MODE") {
		t.Errorf("error %v, want it to name env SECURITY_CSRF_MODE", err)
	}
}

func TestTokenModeWithoutKeysFailsStartUp(t *testing.T) {
	_, err := eggtest.Start(t, security.Module, egg.Configure(func(c *security.Config) { c.CSRF.Mode = security.ModeToken }))
	if err == nil || !strings.Contains(err.Error(), "AppConfig.Keys is empty") || !strings.Contains(err.Error(), "EGG_KEYS") {
		t.Errorf("error %v, want one about EGG_KEYS", err)
	}
}

func TestDefaultConfigIsValid(t *testing.T) {
	c := security.DefaultConfig()
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	c.CSRF.Mode = security.ModeToken
	if err := c.Validate(); err != nil {
		t.Fatalf("token mode with the default names: %v", err)
	}
}
