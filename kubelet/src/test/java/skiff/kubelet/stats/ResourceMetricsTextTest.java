package skiff.kubelet.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ResourceMetricsTextTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:10.500Z");
    private static final Instant STARTED = Instant.parse("2026-01-01T00:00:00.250Z");

    private static NodeStats stats(Optional<ResourceUsage> node) {
        PodUsage pod = new PodUsage("default", "busy", "uid-1", STARTED, List.of(
                new PodUsage.Container("a", STARTED, new ResourceUsage(T, 1_500_000_000L, 4096, 8192, 1024),
                        OptionalLong.of(150_000_000L)),
                new PodUsage.Container("b", STARTED, new ResourceUsage(T, 500_000_000L, 1024, 1024, 1024),
                        OptionalLong.empty())));
        return new NodeStats("n1", Instant.EPOCH, node, OptionalLong.empty(), 0, new NodeStats.Filesystem(0, 0, 0),
                List.of(pod));
    }

    @Test
    void rendersKubeletsResourceFamiliesWithTheirLabelsAndTimestamps() {
        String text = ResourceMetricsText.render(stats(Optional.of(new ResourceUsage(T, 123_000_000_000L,
                1_000_000, 2_000_000, 0))));

        long ms = T.toEpochMilli();
        assertThat(text.lines().filter(l -> !l.startsWith("#")).toList()).containsExactly(
                "container_cpu_usage_seconds_total{container=\"a\",namespace=\"default\",pod=\"busy\"} 1.5 " + ms,
                "container_cpu_usage_seconds_total{container=\"b\",namespace=\"default\",pod=\"busy\"} 0.5 " + ms,
                "container_memory_working_set_bytes{container=\"a\",namespace=\"default\",pod=\"busy\"} 4096 " + ms,
                "container_memory_working_set_bytes{container=\"b\",namespace=\"default\",pod=\"busy\"} 1024 " + ms,
                "container_start_time_seconds{container=\"a\",namespace=\"default\",pod=\"busy\"} 1767225600.25 "
                        + STARTED.toEpochMilli(),
                "container_start_time_seconds{container=\"b\",namespace=\"default\",pod=\"busy\"} 1767225600.25 "
                        + STARTED.toEpochMilli(),
                "node_cpu_usage_seconds_total 123 " + ms,
                "node_memory_working_set_bytes 1000000 " + ms,
                "pod_cpu_usage_seconds_total{namespace=\"default\",pod=\"busy\"} 2 " + ms,
                "pod_memory_working_set_bytes{namespace=\"default\",pod=\"busy\"} 5120 " + ms,
                "scrape_error 0");
        assertThat(text).contains("# TYPE container_cpu_usage_seconds_total counter\n",
                "# TYPE node_memory_working_set_bytes gauge\n");
    }

    @Test
    void anUnreadableNodeIsAScrapeError() {
        String text = ResourceMetricsText.render(stats(Optional.empty()));

        assertThat(text).endsWith("scrape_error 1\n");
        assertThat(text.lines().filter(l -> l.startsWith("node_"))).isEmpty();
    }

    @Test
    void summaryHasThePodsTotalsAndOnlyTheRatesThereAre() {
        var summary = StatsSummary.render(stats(Optional.empty()));

        var pod = summary.path("pods").get(0);
        assertThat(pod.path("podRef").path("uid").asString()).isEqualTo("uid-1");
        assertThat(pod.path("cpu").path("usageCoreNanoSeconds").asLong()).isEqualTo(2_000_000_000L);
        assertThat(pod.path("cpu").has("usageNanoCores")).isFalse();
        assertThat(pod.path("containers").get(0).path("cpu").path("usageNanoCores").asLong())
                .isEqualTo(150_000_000L);
        assertThat(pod.path("memory").path("workingSetBytes").asLong()).isEqualTo(5120);
        assertThat(summary.path("node").path("nodeName").asString()).isEqualTo("n1");
    }
}
