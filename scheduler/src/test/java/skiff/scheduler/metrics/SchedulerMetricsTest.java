package skiff.scheduler.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import skiff.api.metrics.MetricsText;
import skiff.api.time.FakeClock;
import skiff.scheduler.queue.SchedulingQueue;
import skiff.scheduler.framework.Pods;

class SchedulerMetricsTest {
    private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final SchedulingQueue queue = new SchedulingQueue(clock);
    private final SchedulerMetrics metrics = SchedulerMetrics.register(registry, "default-scheduler", queue);

    private String text() {
        return new String(MetricsText.render(registry), StandardCharsets.UTF_8);
    }

    @Test
    void attemptsAreCountedAndTimedByResultAndProfile() {
        metrics.attempt(SchedulerMetrics.SCHEDULED, Duration.ofMillis(3));
        metrics.attempt(SchedulerMetrics.UNSCHEDULABLE, Duration.ofMillis(20));
        metrics.attempt(SchedulerMetrics.SCHEDULED, Duration.ofMillis(1));

        assertThat(text())
                .contains("scheduler_schedule_attempts_total{profile=\"default-scheduler\",result=\"scheduled\"} 2.0")
                .contains("scheduler_schedule_attempts_total{profile=\"default-scheduler\",result=\"unschedulable\"} "
                        + "1.0")
                .contains("scheduler_scheduling_attempt_duration_seconds_bucket{profile=\"default-scheduler\","
                        + "result=\"scheduled\",le=\"0.001\"} 1")
                .contains("scheduler_scheduling_attempt_duration_seconds_bucket{profile=\"default-scheduler\","
                        + "result=\"scheduled\",le=\"0.004\"} 2");
    }

    @Test
    void pendingPodsAreCountedPerQueueWhenScraped() throws InterruptedException {
        queue.add(Pods.pod("a").build());
        queue.add(Pods.pod("b").build());
        assertThat(text()).contains("scheduler_pending_pods{queue=\"active\"} 2.0");

        var popped = queue.pop(Duration.ZERO).orElseThrow();
        queue.addUnschedulable(popped, queue.schedulingCycle());

        assertThat(text()).contains("scheduler_pending_pods{queue=\"active\"} 1.0")
                .contains("scheduler_pending_pods{queue=\"unschedulable\"} 1.0")
                .contains("scheduler_pending_pods{queue=\"backoff\"} 0.0")
                .contains("scheduler_pending_pods{queue=\"gated\"} 0.0");

        queue.add(Pods.pod("c").editSpec().addNewSchedulingGate().withName("example.com/quota").endSchedulingGate()
                .endSpec().build());

        assertThat(text()).contains("scheduler_pending_pods{queue=\"gated\"} 1.0")
                .contains("scheduler_pending_pods{queue=\"active\"} 1.0");
    }
}
