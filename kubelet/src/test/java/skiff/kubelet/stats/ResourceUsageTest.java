package skiff.kubelet.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ResourceUsageTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void nanoCoresAreTheCpuTimeUsedOverTheTimeBetweenReadings() {
        ResourceUsage before = new ResourceUsage(T0, 1_000_000_000L, 0, 0, 0);
        ResourceUsage after = new ResourceUsage(T0.plusSeconds(2), 2_500_000_000L, 0, 0, 0);

        assertThat(after.nanoCoresSince(before)).hasValue(750_000_000L);
    }

    @Test
    void noRateWhenTheCounterWentBackOrNoTimePassed() {
        ResourceUsage before = new ResourceUsage(T0, 5_000_000_000L, 0, 0, 0);

        assertThat(new ResourceUsage(T0.plusSeconds(1), 1, 0, 0, 0).nanoCoresSince(before)).isEmpty();
        assertThat(new ResourceUsage(T0, 6_000_000_000L, 0, 0, 0).nanoCoresSince(before)).isEmpty();
    }
}
