package skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.RoundingMode;
import java.util.Map;

/**
 * A quantity as a whole number or as thousandths, rounded up as k/k apimachinery resource.Quantity Value and
 * MilliValue do. Integral amounts with a common suffix ("100m", "500Mi", "8", "110") are read with long arithmetic;
 * anything else (fractions, exponents, n and u, overflow) goes through fabric8's exact decimal arithmetic.
 */
final class QuantityValues {
    // Suffix -> its multiple, in thousandths (so "m" is 1 and "" is 1000).
    private static final Map<String, Long> MILLI_MULTIPLES = Map.ofEntries(
            Map.entry("m", 1L), Map.entry("", 1_000L),
            Map.entry("k", 1_000_000L), Map.entry("M", 1_000_000_000L), Map.entry("G", 1_000_000_000_000L),
            Map.entry("T", 1_000_000_000_000_000L),
            Map.entry("Ki", 1_000L << 10), Map.entry("Mi", 1_000L << 20), Map.entry("Gi", 1_000L << 30),
            Map.entry("Ti", 1_000L << 40), Map.entry("Pi", 1_000L << 50));

    private QuantityValues() {}

    static long milliValue(Quantity q) {
        if (q == null) {
            return 0;
        }
        long milli = fastMilli(q);
        return milli >= 0 ? milli
                : Quantity.getAmountInBytes(q).movePointRight(3).setScale(0, RoundingMode.CEILING).longValue();
    }

    static long value(Quantity q) {
        if (q == null) {
            return 0;
        }
        long milli = fastMilli(q);
        return milli >= 0 ? Math.ceilDiv(milli, 1000)
                : Quantity.getAmountInBytes(q).setScale(0, RoundingMode.CEILING).longValue();
    }

    /** The quantity in thousandths, or -1 when it is not an integral amount with a common suffix. */
    private static long fastMilli(Quantity q) {
        String amount = q.getAmount();
        Long multiple = MILLI_MULTIPLES.get(q.getFormat() == null ? "" : q.getFormat());
        if (multiple == null || amount == null || amount.isEmpty() || amount.length() > 18) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < amount.length(); i++) {
            char c = amount.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        try {
            return Math.multiplyExact(n, multiple);
        } catch (ArithmeticException overflow) {
            return -1;
        }
    }
}
