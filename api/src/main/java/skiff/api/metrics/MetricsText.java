package skiff.api.metrics;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A {@code /metrics} answer: registries' metrics in the Prometheus text format 0.0.4, as Kubernetes' components serve
 * them. Each component keeps one registry; {@link #withProcessMetrics} adds the JVM's and the process's metrics (the
 * counterpart of Go components' {@code go_*} and {@code process_*}).
 */
public final class MetricsText {
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;
    private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();

    private MetricsText() {}

    /** {@code registry} with the JVM and process metrics registered on it (once, however often this is called). */
    public static PrometheusRegistry withProcessMetrics(PrometheusRegistry registry) {
        JvmMetrics.builder().register(registry);
        return registry;
    }

    /** The metrics of every registry, which must not share a metric name. */
    public static byte[] render(PrometheusRegistry... registries) {
        MetricSnapshots.Builder all = MetricSnapshots.builder();
        for (PrometheusRegistry registry : registries) {
            registry.scrape().forEach(all::metricSnapshot);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            WRITER.write(out, all.build(), EscapingScheme.UNDERSCORE_ESCAPING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
