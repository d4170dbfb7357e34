package skiff.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import skiff.apiserver.resourcemetrics.Quantities;

class ResourceMetricsHandlerTest {

    @Test
    void cpuIsACanonicalDecimalQuantityOfNanocores() {
        assertThat(Quantities.nanos(0)).isEqualTo("0");
        assertThat(Quantities.nanos(123_456_789)).isEqualTo("123456789n");
        assertThat(Quantities.nanos(250_000_000)).isEqualTo("250m");
        assertThat(Quantities.nanos(1_500_000)).isEqualTo("1500u");
        assertThat(Quantities.nanos(2_000_000_000)).isEqualTo("2");
    }

    @Test
    void memoryIsACanonicalBinaryQuantity() {
        assertThat(Quantities.bytes(1_048_576)).isEqualTo("1Mi");
        assertThat(Quantities.bytes(2_506_752)).isEqualTo("2448Ki");
        assertThat(Quantities.bytes(1_000_001)).isEqualTo("1000001");
    }

    @Test
    void quantitiesReadBackToTheirValues() {
        for (long nanos : new long[] {0, 7, 1_500_000, 250_000_000, 2_000_000_000L, 123_456_789}) {
            assertThat(Quantities.parseNanos(Quantities.nanos(nanos))).isEqualTo(nanos);
        }
        for (long bytes : new long[] {0, 1000, 1_048_576, 2_506_752, 5L << 30}) {
            assertThat(Quantities.parseBytes(Quantities.bytes(bytes))).isEqualTo(bytes);
        }
    }

    @Test
    void windowIsAGoDuration() {
        assertThat(ResourceMetricsHandler.goDuration(Duration.ofMillis(15_004))).isEqualTo("15.004s");
        assertThat(ResourceMetricsHandler.goDuration(Duration.ofSeconds(15))).isEqualTo("15s");
        assertThat(ResourceMetricsHandler.goDuration(Duration.ofMillis(60_500))).isEqualTo("1m0.5s");
        assertThat(ResourceMetricsHandler.goDuration(Duration.ofMillis(250))).isEqualTo("250ms");
    }
}
