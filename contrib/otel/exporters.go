package otel

import (
	"context"
	"fmt"
	"sync"
	"time"

	gotel "go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/exporters/otlp/otlpmetric/otlpmetrichttp"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/exporters/stdout/stdoutmetric"
	"go.opentelemetry.io/otel/exporters/stdout/stdouttrace"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
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

// metricReader returns the reader of the meter provider: Config.MetricReader
// as given, or a manual reader that t.metrics collects and exports from
// start on (to the exporter Config.MetricsExporter names), or nil for
// "none". The SDK's periodic reader is not used because it starts its
// goroutine when it is made, and the provider needs its reader when it is
// made: with a manual reader the provider exists from construction and the
// goroutine starts with the app.
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
	reader := sdkmetric.NewManualReader(sdkmetric.WithTemporalitySelector(exp.Temporality),
		sdkmetric.WithAggregationSelector(exp.Aggregation))
	t.metrics = &metricExport{
		reader:   reader,
		exp:      exp,
		interval: time.Duration(t.cfg.MetricExportInterval) * time.Millisecond,
		timeout:  time.Duration(t.cfg.MetricExportTimeout) * time.Millisecond,
	}
	return reader, nil
}

func orDefault(u string) string {
	if u == "" {
		return "the default endpoint"
	}
	return u
}

// metricExport collects the metrics every interval and exports them, from
// start until shutdown, which exports a last time.
type metricExport struct {
	reader            *sdkmetric.ManualReader
	exp               sdkmetric.Exporter
	interval, timeout time.Duration

	mu      sync.Mutex // one export at a time
	stop    chan struct{}
	stopped chan struct{}
}

// start runs the export loop.
func (m *metricExport) start() {
	m.stop, m.stopped = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(m.stopped)
		tick := time.NewTicker(m.interval)
		defer tick.Stop()
		for {
			select {
			case <-m.stop:
				return
			case <-tick.C:
				ctx, cancel := context.WithTimeout(context.Background(), m.timeout)
				if err := m.export(ctx); err != nil {
					gotel.Handle(err) // where the SDK reports its own export errors
				}
				cancel()
			}
		}
	}()
}

// export collects and exports once.
func (m *metricExport) export(ctx context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	var rm metricdata.ResourceMetrics
	if err := m.reader.Collect(ctx, &rm); err != nil {
		return err
	}
	return m.exp.Export(ctx, &rm)
}

// shutdown stops the loop, exports a last time and shuts the exporter
// down.
func (m *metricExport) shutdown(ctx context.Context) error {
	if m.stop != nil {
		close(m.stop)
		<-m.stopped
	}
	err := m.export(ctx)
	if serr := m.exp.Shutdown(ctx); serr != nil && err == nil {
		err = serr
	}
	return err
}
