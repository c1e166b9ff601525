package logrotator_test

import (
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/logrotator"
	"go.uber.org/fx"
)

func TestMain(m *testing.M) { eggtest.VerifyTestMain(m) }

func TestRuleFor(t *testing.T) {
	cfg := logrotator.DefaultConfig()
	cfg.FilesRotateByHour = []string{"{app}-access.log"}
	cfg.FilesRotateBySize = []string{" /var/log/shop/egg-web.log", "common-error.log"}
	for _, tc := range []struct {
		path string
		want logrotator.Period
	}{
		{"/logs/shop/shop-access.log", logrotator.Hourly},
		{"/logs/other/other-access.log", logrotator.Daily}, // {app} is this app's name
		{"/var/log/shop/egg-web.log", logrotator.BySize},   // full path
		{"/logs/shop/egg-web.log", logrotator.Daily},       // another dir
		{"/logs/shop/common-error.log", logrotator.BySize}, // base name
		{"/logs/shop/shop-web.log", logrotator.Daily},
	} {
		r := cfg.RuleFor(tc.path, "shop")
		if r.Every != tc.want {
			t.Errorf("RuleFor(%s) = %v, want %v", tc.path, r.Every, tc.want)
		}
		if r.MaxDays != 31 || r.MaxSize != 50<<20 || r.MaxFiles != 10 || r.HourDelimiter != "-" {
			t.Errorf("RuleFor(%s) = %+v: Egg's defaults expected", tc.path, r)
		}
	}
	var none *logrotator.Rules
	if r := none.For("/x/app.log"); r.Every != logrotator.Never {
		t.Errorf("without the module files never rotate, got %v", r.Every)
	}
}

func TestModuleRulesFromEnv(t *testing.T) {
	t.Setenv("LOGROTATOR_FILES_ROTATE_BY_SIZE", "{app}-web.log")
	t.Setenv("LOGROTATOR_MAX_FILE_SIZE", "1024")
	var rules *logrotator.Rules
	eggtest.New(t, logrotator.Module, egg.Name("shop"), fx.Populate(&rules))
	r := rules.For("/logs/shop/shop-web.log")
	if r.Every != logrotator.BySize || r.MaxSize != 1024 {
		t.Errorf("rule from env = %+v", r)
	}
}

func TestConfigValidate(t *testing.T) {
	for _, tc := range []struct {
		env, value, want string
	}{
		{"LOGROTATOR_MAX_FILE_SIZE", "0", "MaxFileSize"},
		{"LOGROTATOR_MAX_FILES", "-1", "MaxFiles"},
		{"LOGROTATOR_MAX_DAYS", "-3", "MaxDays"},
		{"LOGROTATOR_HOUR_DELIMITER", ".", "HourDelimiter"},
		{"LOGROTATOR_FILES_ROTATE_BY_HOUR", "{app}-web.log", `"{app}-web.log" is also in FilesRotateBySize`},
	} {
		t.Run(tc.env, func(t *testing.T) {
			t.Setenv(tc.env, tc.value)
			_, err := eggtest.Start(t, logrotator.Module,
				egg.Configure(func(c *logrotator.Config) { c.FilesRotateBySize = []string{"{app}-web.log"} }))
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "logrotator") {
				t.Errorf("%s=%s: %v", tc.env, tc.value, err)
			}
		})
	}
}
