package skiff.bench;

import java.time.Duration;
import java.util.Locale;

/** How numbers appear in result tables. */
public final class Format {
    private Format() {}

    /** Milliseconds with precision that suits the size: 0.412 ms, 12.3 ms, 1234 ms. */
    public static String millis(Duration d) {
        double ms = d.toNanos() / 1e6;
        if (Math.abs(ms) < 10) {
            return String.format(Locale.ROOT, "%.2f ms", ms);
        }
        if (Math.abs(ms) < 100) {
            return String.format(Locale.ROOT, "%.1f ms", ms);
        }
        return String.format(Locale.ROOT, "%.0f ms", ms);
    }

    /** Microseconds for per-object costs: 3.42 us, 41.8 us. */
    public static String micros(long nanos) {
        double us = nanos / 1e3;
        return String.format(Locale.ROOT, us < 10 ? "%.2f us" : "%.1f us", us);
    }

    public static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%.0f/s", perSecond);
    }

    public static String mebibytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1024.0 / 1024.0);
    }

    /** A ratio such as 1.84x, or a dash when the reference is zero. */
    public static String ratio(double value, double reference) {
        if (reference == 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2fx", value / reference);
    }

    public static String ratio(Duration value, Duration reference) {
        return ratio(value.toNanos(), reference.toNanos());
    }
}
