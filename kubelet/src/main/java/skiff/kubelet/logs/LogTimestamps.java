package skiff.kubelet.logs;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Go's RFC3339Nano: seconds precision, then the nanoseconds with trailing zeros dropped, then Z. */
final class LogTimestamps {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private LogTimestamps() {}

    static String rfc3339Nano(Instant t) {
        String base = SECONDS.format(t);
        int nanos = t.getNano();
        if (nanos == 0) {
            return base + "Z";
        }
        String fraction = String.format("%09d", nanos);
        int end = fraction.length();
        while (fraction.charAt(end - 1) == '0') {
            end--;
        }
        return base + "." + fraction.substring(0, end) + "Z";
    }
}
