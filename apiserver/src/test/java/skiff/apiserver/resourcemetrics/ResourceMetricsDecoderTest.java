package skiff.apiserver.resourcemetrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceMetricsDecoderTest {
    private static final Instant SCRAPED = Instant.parse("2026-01-01T00:01:00Z");

    @Test
    void readsTheNodeAndEachContainersCpuWorkingSetAndStartTime() {
        String text = """
                # HELP container_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the container in core-seconds
                # TYPE container_cpu_usage_seconds_total counter
                container_cpu_usage_seconds_total{container="spin",namespace="default",pod="busy"} 12.5 1767225650000
                container_memory_working_set_bytes{container="spin",namespace="default",pod="busy"} 1048576 1767225650000
                container_start_time_seconds{container="spin",namespace="default",pod="busy"} 1767225600.25 1767225600250
                node_cpu_usage_seconds_total 3000.5 1767225651000
                node_memory_working_set_bytes 2.147483648e+09 1767225651000
                pod_cpu_usage_seconds_total{namespace="default",pod="busy"} 12.5 1767225650000
                scrape_error 0
                """;

        ResourceMetricsDecoder.Scrape scrape = ResourceMetricsDecoder.decode(text, SCRAPED);

        assertThat(scrape.node()).hasValue(new MetricsPoint(Instant.EPOCH, Instant.ofEpochMilli(1767225651000L),
                3_000_500_000_000L, 2_147_483_648L));
        assertThat(scrape.pods()).isEqualTo(Map.of(new PodRef("default", "busy"), Map.of("spin",
                new MetricsPoint(Instant.parse("2026-01-01T00:00:00.250Z"), Instant.ofEpochMilli(1767225650000L),
                        12_500_000_000L, 1_048_576))));
    }

    @Test
    void leavesOutAPodWithAContainerLackingCpuAndANodeLackingMemory() {
        String text = """
                container_cpu_usage_seconds_total{container="a",namespace="ns",pod="p"} 1
                container_memory_working_set_bytes{container="a",namespace="ns",pod="p"} 10
                container_memory_working_set_bytes{container="b",namespace="ns",pod="p"} 10
                container_cpu_usage_seconds_total{container="c",namespace="ns",pod="q"} 2
                container_memory_working_set_bytes{container="c",namespace="ns",pod="q"} 20
                node_cpu_usage_seconds_total 5
                """;

        ResourceMetricsDecoder.Scrape scrape = ResourceMetricsDecoder.decode(text, SCRAPED);

        assertThat(scrape.node()).isEmpty();
        assertThat(scrape.pods()).containsOnlyKeys(new PodRef("ns", "q"));
        assertThat(scrape.pods().get(new PodRef("ns", "q")).get("c").timestamp()).isEqualTo(SCRAPED);
    }

    @Test
    void unescapesLabelValues() {
        String text = "container_cpu_usage_seconds_total{container=\"a\\\"b\",namespace=\"n\",pod=\"p\"} 1 1000\n"
                + "container_memory_working_set_bytes{container=\"a\\\"b\",namespace=\"n\",pod=\"p\"} 1 1000\n";

        assertThat(ResourceMetricsDecoder.decode(text, SCRAPED).pods().get(new PodRef("n", "p"))).containsKey("a\"b");
    }
}
