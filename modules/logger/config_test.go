package logger_test

import (
	"strings"
	"testing"

	"github.com/egg-go/egg/modules/logger"
)

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		env, value, want string
	}{
		{"LOGGER_LEVEL", "verbose", "config field Level = verbose (set by env LOGGER_LEVEL) is invalid: use debug, info, warn or error"},
		{"LOGGER_CORE_LEVEL", "", ""}, // an empty variable leaves the default
		{"LOGGER_CORE_LEVEL", "trace", "CoreLevel"},
		{"LOGGER_FORMAT", "xml", `use "json", "text"`},
		{"LOGGER_CONSOLE_AFTER_READY", "maybe", `use "on", "off"`},
		{"LOGGER_APP_LOG_NAME", "../web.log", `must be a file name without "/"`},
		{"LOGGER_CORE_LOG_NAME", "common-error.log", "ErrorLogName = common-error.log (set by default (module logger)) is invalid: is the same file as CoreLogName"},
		{"LOGGER_ACCESS_LOG_NAME", "{app}-web.log", "is the same file as AppLogName"},
		{"LOGGER_CHECK_INTERVAL", "-1s", "CheckInterval"},
		{"LOGGER_ACCESS_LOG_IGNORE", "/healthz,readyz", `prefix "readyz" must start with "/"`},
		{"LOGGER_LEVEL", "WARN", ""},
		{"LOGGER_ACCESS_LOG_IGNORE", "/healthz,/readyz", ""},
	}
	for _, tt := range tests {
		t.Run(tt.env+"="+tt.value, func(t *testing.T) {
			t.Setenv(tt.env, tt.value)
			_, err := startErr(t)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("want no error, got %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), `module "logger"`)):
				t.Errorf("error = %v\nwant it to name module logger and %q", err, tt.want)
			}
		})
	}
}

func TestSameNameAllowedWhenAccessLogOff(t *testing.T) {
	c := logger.DefaultConfig()
	c.AccessLog = false
	c.AccessLogName = c.AppLogName
	if err := c.Validate(); err != nil {
		t.Errorf("an unused access log name clashes with nothing: %v", err)
	}
}
