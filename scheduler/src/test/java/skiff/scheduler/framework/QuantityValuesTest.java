package skiff.scheduler.framework;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.RoundingMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QuantityValuesTest {
    // The long arithmetic agrees with fabric8's decimal arithmetic (rounded up, as k/k Value and MilliValue).
    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "8", "110", "100m", "1500m", "1m", "500Mi", "32Gi", "1Ki", "2Ti", "3Pi", "5k",
            "7M", "9G", "4T", "0.5", "1.5Gi", "250u", "3n", "1e3", "2E6", "999999999999999999", "9223372036854775807m",
            "12345678901234567Gi"})
    void agreesWithDecimalArithmetic(String text) {
        Quantity q = new Quantity(text);
        long milli = Quantity.getAmountInBytes(q).movePointRight(3).setScale(0, RoundingMode.CEILING).longValue();
        long whole = Quantity.getAmountInBytes(q).setScale(0, RoundingMode.CEILING).longValue();

        assertThat(QuantityValues.milliValue(q)).as("milli value of %s", text).isEqualTo(milli);
        assertThat(QuantityValues.value(q)).as("value of %s", text).isEqualTo(whole);
    }
}
