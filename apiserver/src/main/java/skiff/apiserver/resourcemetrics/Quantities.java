package skiff.apiserver.resourcemetrics;

import java.util.List;

/**
 * The quantities metrics.k8s.io writes, in apimachinery resource.Quantity's canonical form: CPU as a DecimalSI
 * quantity of nanocores (the largest of n, u, m or no suffix that keeps the value whole), memory as a BinarySI
 * quantity of bytes (Ki, Mi, Gi... while the value stays whole); and back, for a Table's sums.
 */
public final class Quantities {
    private static final List<String> DECIMAL = List.of("n", "u", "m", "");
    private static final List<String> BINARY = List.of("", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei");

    private Quantities() {}

    public static String nanos(long nanos) {
        int i = 0;
        long value = nanos;
        while (value != 0 && i < DECIMAL.size() - 1 && value % 1000 == 0) {
            value /= 1000;
            i++;
        }
        return value + (value == 0 ? "" : DECIMAL.get(i));
    }

    public static String bytes(long bytes) {
        int i = 0;
        long value = bytes;
        while (value != 0 && i < BINARY.size() - 1 && value % 1024 == 0) {
            value /= 1024;
            i++;
        }
        return value + (value == 0 ? "" : BINARY.get(i));
    }

    /** The nanocores of a quantity {@link #nanos} wrote. */
    public static long parseNanos(String quantity) {
        long factor = 1;
        for (String suffix : DECIMAL) {
            if (!suffix.isEmpty() && quantity.endsWith(suffix)) {
                return Long.parseLong(quantity.substring(0, quantity.length() - 1)) * factor;
            }
            factor *= 1000;
        }
        return Long.parseLong(quantity) * 1_000_000_000L;
    }

    /** The bytes of a quantity {@link #bytes} wrote. */
    public static long parseBytes(String quantity) {
        for (int i = BINARY.size() - 1; i >= 1; i--) {
            if (quantity.endsWith(BINARY.get(i))) {
                return Long.parseLong(quantity.substring(0, quantity.length() - 2)) << (10 * i);
            }
        }
        return Long.parseLong(quantity);
    }
}
