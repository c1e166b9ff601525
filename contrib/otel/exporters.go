package otel

import (
	"context"
	"fmt"

	"go.opentelemetry.io/otel/exporters/otlp/otlpmetric/otlpmetrichttp"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/exporters/stdout/stdoutmetric"
	"go.opentelemetry.io/otel/exporters/stdout/stdouttrace"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// spanExporter returns the exporter spans go to: Config.SpanExporter, or
// the one Config.TracesExporter names; nil for "none". Neither the OTLP
// nor the stdout exporter connects or writes here: the OTLP one sends
// when the batch processor flushes.
func (t *Telemetry) spanExporter() (sdktrace.SpanExporter, error) {
	if t.cfg.SpanExporter != nil {
		return t.cfg.SpanExporter, nil
	}
	switch normalExporter(t.cfg.TracesExporter) {
	case ExporterNone:
		return nil, nil
	case ExporterStdout:
		return stdouttrace.New(stdouttrace.WithWriter(t.stdout))
	}
	var opts []otlptracehttp.Option
	if u := t.cfg.tracesURL(); u != "" {
		opts = append(opts, otlptracehttp.WithEndpointURL(u))
	}
	exp, err := otlptracehttp.New(context.Background(), opts...)
	if err != nil {
		return nil, fmt.Errorf("otel: cannot build the OTLP span exporter for %s (OTEL_EXPORTER_OTLP_ENDPOINT): %w",
			orDefault(t.cfg.tracesURL()), err)
	}
	return exp, nil
}

// metricReader returns the reader metrics go through: Config.MetricReader,
// or a periodic reader (interval OTEL_METRIC_EXPORT_INTERVAL, default
// 60s) around the exporter Config.MetricsExporter names; nil for "none".
func (t *Telemetry) metricReader() (sdkmetric.Reader, error) {
	if t.cfg.MetricReader != nil {
		return t.cfg.MetricReader, nil
	}
	var exp sdkmetric.Exporter
	var err error
	switch normalExporter(t.cfg.MetricsExporter) {
	case ExporterNone:
		return nil, nil
	case ExporterStdout:
		exp, err = stdoutmetric.New(stdoutmetric.WithWriter(t.stdout))
	default:
		var opts []otlpmetrichttp.Option
		if u := t.cfg.metricsURL(); u != "" {
			opts = append(opts, otlpmetrichttp.WithEndpointURL(u))
		}
		exp, err = otlpmetrichttp.New(context.Background(), opts...)
		if err != nil {
			err = fmt.Errorf("otel: cannot build the OTLP metric exporter for %s (OTEL_EXPORTER_OTLP_ENDPOINT): %w",
				orDefault(t.cfg.metricsURL()), err)
		}
	}
	if err != nil {
		return nil, err
	}
	return sdkmetric.NewPeriodicReader(exp), nil
}

func orDefault(u string) string {
	if u == "" {
		return "the default endpoint"
	}
	return u
}
