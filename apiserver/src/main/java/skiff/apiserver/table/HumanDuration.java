package skiff.apiserver.table;

import java.time.Duration;

/**
 * Formats a duration the way {@code kubectl get} shows ages: two or three significant figures, such as {@code 45s},
 * {@code 2m3s}, {@code 12m}, {@code 3h5m}, {@code 10h}, {@code 2d3h}, {@code 45d}, {@code 3y12d} or {@code 9y}.
 */
public final class HumanDuration {
    private static final long SECOND = 1_000_000_000L;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;

    private HumanDuration() {}

    // k/k staging/src/k8s.io/apimachinery/pkg/util/duration/duration.go HumanDuration: a future time within two
    // seconds reads as 0s, further ahead as <invalid>; each range keeps one or two units, cutting, never rounding.
    public static String format(Duration duration) {
        long nanos = saturatedNanos(duration);
        long seconds = nanos / SECOND;
        if (seconds < -1) {
            return "<invalid>";
        } else if (seconds < 0) {
            return "0s";
        } else if (seconds < 2 * 60) {
            return seconds + "s";
        }
        long minutes = nanos / MINUTE;
        if (minutes < 10) {
            return withRemainder(minutes, "m", seconds % 60, "s");
        } else if (minutes < 3 * 60) {
            return minutes + "m";
        }
        long hours = nanos / HOUR;
        if (hours < 8) {
            return withRemainder(hours, "h", minutes % 60, "m");
        } else if (hours < 48) {
            return hours + "h";
        } else if (hours < 8 * 24) {
            return withRemainder(hours / 24, "d", hours % 24, "h");
        } else if (hours < 2 * 365 * 24) {
            return hours / 24 + "d";
        } else if (hours < 8 * 365 * 24) {
            return withRemainder(hours / 24 / 365, "y", hours / 24 % 365, "d");
        }
        return hours / 24 / 365 + "y";
    }

    private static String withRemainder(long major, String majorUnit, long minor, String minorUnit) {
        return minor == 0 ? major + majorUnit : major + majorUnit + minor + minorUnit;
    }

    // Go durations are signed 64-bit nanoseconds and time.Sub clamps to that range (about 292 years).
    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException overflow) {
            return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
