package skiff.client.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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
