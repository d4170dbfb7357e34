package skiff.client.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import skiff.api.metrics.MetricsText;
import skiff.api.time.FakeClock;

class WorkqueueMetricsTest {
    private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final WorkqueueMetrics metrics = WorkqueueMetrics.register(registry);
    private final RateLimitingQueue<String> queue = new RateLimitingQueue<>(clock,
            RateLimiter.defaultController(clock), metrics.forQueue("deployment", clock));

    private String text() {
        return new String(MetricsText.render(registry), StandardCharsets.UTF_8);
    }

    @Test
    void aKeyAddedTwiceWhileWaitingCountsOnceAndItsWaitAndWorkAreTimed() {
        queue.add("default/web");
        queue.add("default/web");
        queue.add("default/db");
        assertThat(text()).contains("workqueue_adds_total{name=\"deployment\"} 2.0")
                .contains("workqueue_depth{name=\"deployment\"} 2.0");

        clock.advance(Duration.ofMillis(300));
        String key = queue.poll().orElseThrow();
        clock.advance(Duration.ofSeconds(2));
        assertThat(text()).contains("workqueue_depth{name=\"deployment\"} 1.0")
                .contains("workqueue_unfinished_work_seconds{name=\"deployment\"} 2.0")
                .contains("workqueue_longest_running_processor_seconds{name=\"deployment\"} 2.0")
                .contains("workqueue_queue_duration_seconds_bucket{name=\"deployment\",le=\"0.1\"} 0")
                .contains("workqueue_queue_duration_seconds_bucket{name=\"deployment\",le=\"1.0\"} 1")
                .contains("workqueue_queue_duration_seconds_sum{name=\"deployment\"} 0.3");

        queue.done(key);
        assertThat(text()).contains("workqueue_work_duration_seconds_sum{name=\"deployment\"} 2.0")
                .contains("workqueue_work_duration_seconds_count{name=\"deployment\"} 1")
                .contains("workqueue_unfinished_work_seconds{name=\"deployment\"} 0.0");
    }

    @Test
    void aRateLimitedAddIsARetryAndCountsAsAnAddOnceItIsDue() {
        queue.addRateLimited("default/web");
        assertThat(text()).contains("workqueue_retries_total{name=\"deployment\"} 1.0")
                .doesNotContain("workqueue_adds_total{name=\"deployment\"}");

        clock.advance(Duration.ofSeconds(1));
        assertThat(queue.poll()).contains("default/web");
        assertThat(text()).contains("workqueue_adds_total{name=\"deployment\"} 1.0");
    }

    @Test
    void durationsHaveKubeControllerManagersTenBucketsFromTenNanosecondsToTenSeconds() {
        queue.add("a");
        queue.poll();
        queue.done("a");

        List<String> bounds = text().lines().filter(l -> l.startsWith("workqueue_queue_duration_seconds_bucket{"))
                .map(l -> l.replaceAll(".*le=\"([^\"]+)\".*", "$1")).toList();
        assertThat(bounds).containsExactly("1.0E-8", "1.0E-7", "1.0E-6", "1.0E-5", "1.0E-4", "0.001", "0.01", "0.1",
                "1.0", "10.0", "+Inf");
        assertThat(text()).contains("workqueue_work_duration_seconds_bucket{name=\"deployment\",le=\"10.0\"} 1")
                .doesNotContain("workqueue_work_duration_seconds_bucket{name=\"deployment\",le=\"100.0\"}");
    }

    @Test
    void queuesSharingANameShareItsSeries() {
        RateLimitingQueue<String> other = new RateLimitingQueue<>(clock, RateLimiter.defaultController(clock),
                metrics.forQueue("deployment", clock));
        queue.add("a");
        other.add("a");
        queue.poll();
        other.poll();
        clock.advance(Duration.ofSeconds(3));

        assertThat(text()).contains("workqueue_adds_total{name=\"deployment\"} 2.0")
                .contains("workqueue_unfinished_work_seconds{name=\"deployment\"} 6.0")
                .contains("workqueue_longest_running_processor_seconds{name=\"deployment\"} 3.0");
    }

    @Test
    void unregisteredMetricsLeaveTheRegistryForTheNextManager() {
        queue.add("a");

        metrics.unregister();
        assertThat(text()).doesNotContain("workqueue_");
        WorkqueueMetrics again = WorkqueueMetrics.register(registry);
        new RateLimitingQueue<String>(clock, RateLimiter.defaultController(clock), again.forQueue("deployment", clock))
                .add("b");

        assertThat(text()).contains("workqueue_adds_total{name=\"deployment\"} 1.0");
    }
}
