package otel

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"runtime/debug"
	"strings"
	"unicode/utf8"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/resource"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
)

// Service names the process in the telemetry resource when Config leaves
// it open. The module fills it from the app: Name from egg.App.Name, Env
// from egg.App.Env.
type Service struct {
	// Name is service.name unless Config.ServiceName (OTEL_SERVICE_NAME)
	// or a service.name in Config.ResourceAttributes is set.
	Name string
	// Env is deployment.environment.name ("local", "prod", ...); empty
	// leaves the attribute out.
	Env string
}

// maxResourceAttributes bounds OTEL_RESOURCE_ATTRIBUTES, so a runaway
// value fails start-up instead of bloating every export.
const maxResourceAttributes = 128

// ParseResourceAttributes parses OTEL_RESOURCE_ATTRIBUTES: "key=value"
// pairs separated by commas, spaces around them ignored, values
// percent-decoded, keys and values UTF-8. An empty string is no attributes. A pair without '=',
// an empty key, a bad percent escape or more than 128 pairs is an error
// naming the pair.
func ParseResourceAttributes(s string) ([]attribute.KeyValue, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var out []attribute.KeyValue
	for pair := range strings.SplitSeq(s, ",") {
		pair = strings.TrimSpace(pair)
		if pair == "" {
			continue
		}
		if len(out) == maxResourceAttributes {
			return nil, fmt.Errorf("more than %d attributes", maxResourceAttributes)
		}
		k, v, ok := strings.Cut(pair, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			return nil, fmt.Errorf("%q is not key=value", clip(pair))
		}
		dv, err := url.PathUnescape(strings.TrimSpace(v))
		if err != nil {
			return nil, fmt.Errorf("the value of %q has a bad percent escape", clip(k))
		}
		if !utf8.ValidString(k) || !utf8.ValidString(dv) {
			return nil, fmt.Errorf("%q is not UTF-8 text (OTLP carries only UTF-8)", clip(strings.ToValidUTF8(pair, "?")))
		}
		out = append(out, attribute.String(k, dv))
	}
	return out, nil
}

// clip shortens s for an error message.
func clip(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}

// newResource builds the resource: the SDK's telemetry.sdk.* attributes,
// then the service's name, environment and version, then
// Config.ResourceAttributes, then Config.ServiceName (the specification's
// precedence: OTEL_SERVICE_NAME wins).
func newResource(cfg Config, svc Service) (*resource.Resource, error) {
	attrs := []attribute.KeyValue{semconv.ServiceName(svc.Name)}
	if svc.Env != "" {
		attrs = append(attrs, semconv.DeploymentEnvironmentNameKey.String(svc.Env))
	}
	if v := serviceVersion(cfg.ServiceVersion); v != "" {
		attrs = append(attrs, semconv.ServiceVersion(v))
	}
	extra, err := ParseResourceAttributes(cfg.ResourceAttributes)
	if err != nil {
		return nil, fmt.Errorf("otel: ResourceAttributes (OTEL_RESOURCE_ATTRIBUTES): %w", err)
	}
	attrs = append(attrs, extra...)
	if cfg.ServiceName != "" {
		attrs = append(attrs, semconv.ServiceName(cfg.ServiceName))
	}
	// later attributes with the same key win (attribute.NewSet keeps the last)
	r, err := resource.New(context.Background(), resource.WithTelemetrySDK(),
		resource.WithSchemaURL(semconv.SchemaURL), resource.WithAttributes(attrs...))
	if err != nil && !errors.Is(err, resource.ErrSchemaURLConflict) {
		return nil, fmt.Errorf("otel: building the resource: %w", err)
	}
	return r, nil
}

// serviceVersion is v, or the main module's version from the build info
// when v is empty and the binary was built from a versioned module.
func serviceVersion(v string) string {
	if v != "" {
		return v
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return ""
}
