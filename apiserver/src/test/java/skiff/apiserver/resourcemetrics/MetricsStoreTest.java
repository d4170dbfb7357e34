package skiff.apiserver.resourcemetrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsStoreTest {
    private static final Duration RESOLUTION = Duration.ofSeconds(15);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant STARTED = T0.minusSeconds(3600);
    private static final PodRef POD = new PodRef("default", "busy");

    private static MetricsPoint point(Instant at, long cpuNanos, long memory) {
        return new MetricsPoint(STARTED, at, cpuNanos, memory);
    }

    @Test
    void usageIsTheCpuRateBetweenTheLastTwoScrapesAndTheLastWorkingSet() {
        MetricsStore store = new MetricsStore();
        store.store(Map.of("n", point(T0, 10_000_000_000L, 100)), Map.of(POD, Map.of("c", point(T0, 1_000_000_000L,
                5))), RESOLUTION);
        assertThat(store.node("n")).isEmpty();
        assertThat(store.pod(POD)).isEmpty();

        Instant t1 = T0.plusSeconds(15);
        store.store(Map.of("n", point(t1, 25_000_000_000L, 200)), Map.of(POD, Map.of("c", point(t1, 4_000_000_000L,
                7))), RESOLUTION);

        assertThat(store.node("n")).hasValue(new Usage(1_000_000_000L, 200, t1, RESOLUTION));
        MetricsStore.PodUsage pod = store.pod(POD).orElseThrow();
        assertThat(pod.containers()).isEqualTo(List.of(new MetricsStore.ContainerUsage("c",
                new Usage(200_000_000L, 7, t1, RESOLUTION))));
        assertThat(pod.earliest().timestamp()).isEqualTo(t1);
    }

    @Test
    void aContainerStartedWithinTheResolutionButTenSecondsAgoCountsFromItsStart() {
        MetricsStore store = new MetricsStore();
        Instant start = T0.minusSeconds(12);
        store.store(Map.of(), Map.of(POD, Map.of("c", new MetricsPoint(start, T0, 6_000_000_000L, 5))), RESOLUTION);

        assertThat(store.pod(POD).orElseThrow().containers().getFirst().usage())
                .isEqualTo(new Usage(500_000_000L, 5, T0, Duration.ofSeconds(12)));
    }

    @Test
    void aPodWithAContainerMissingItsEarlierReadingIsLeftOut() {
        MetricsStore store = new MetricsStore();
        store.store(Map.of(), Map.of(POD, Map.of("a", point(T0, 1, 1))), RESOLUTION);
        Instant t1 = T0.plusSeconds(15);
        store.store(Map.of(), Map.of(POD, Map.of("a", point(t1, 2, 1), "b", point(t1, 2, 1))), RESOLUTION);

        assertThat(store.pod(POD)).isEmpty();
    }

    @Test
    void noUsageWhenTheCounterWentBack() {
        assertThat(Usage.between(point(T0.plusSeconds(1), 1, 1), point(T0, 5, 1))).isEmpty();
        assertThat(Usage.between(point(T0, 5, 1), point(T0, 1, 1))).isEmpty();
    }
}
