package skiff.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResourceMetricsHandlerTest {

    @Test
    void cpuIsACanonicalDecimalQuantityOfNanocores() {
        assertThat(ResourceMetricsHandler.decimalNanos(0)).isEqualTo("0");
        assertThat(ResourceMetricsHandler.decimalNanos(123_456_789)).isEqualTo("123456789n");
        assertThat(ResourceMetricsHandler.decimalNanos(250_000_000)).isEqualTo("250m");
        assertThat(ResourceMetricsHandler.decimalNanos(1_500_000)).isEqualTo("1500u");
        assertThat(ResourceMetricsHandler.decimalNanos(2_000_000_000)).isEqualTo("2");
    }

    @Test
    void memoryIsACanonicalBinaryQuantity() {
        assertThat(ResourceMetricsHandler.binary(1_048_576)).isEqualTo("1Mi");
        assertThat(ResourceMetricsHandler.binary(2_506_752)).isEqualTo("2448Ki");
        assertThat(ResourceMetricsHandler.binary(1_000_001)).isEqualTo("1000001");
    }

    @Test
    void windowIsAGoDuration() {
        assertThat(ResourceMetricsHandler.goDuration(Duration.ofMillis(15_004))).isEqualTo("15.004s");
        assertThat(ResourceMetricsHandler.goDuration(Duration.ofSeconds(15))).isEqualTo("15s");
        assertThat(ResourceMetricsHandler.goDuration(Duration.ofMillis(60_500))).isEqualTo("1m0.5s");
        assertThat(ResourceMetricsHandler.goDuration(Duration.ofMillis(250))).isEqualTo("250ms");
    }
}
