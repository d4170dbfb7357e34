package skiff.kubelet.images;

import java.time.Duration;

/** Go's time.Duration String of a duration truncated to milliseconds, as the kubelet's Pulled event prints it. */
final class GoDurations {
    private GoDurations() {}

    /** {@code 0s}, {@code 313ms}, {@code 1.2s}, {@code 1m2.005s}, {@code 1h0m0s}. */
    static String millis(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        if (ms < 1000) {
            return ms + "ms";
        }
        long seconds = ms / 1000;
        long fraction = ms % 1000;
        String s = (seconds % 60) + (fraction == 0 ? "" : "." + String.format("%03d", fraction).replaceAll("0+$", ""))
                + "s";
        long minutes = seconds / 60;
        if (minutes == 0) {
            return s;
        }
        return minutes >= 60 ? minutes / 60 + "h" + minutes % 60 + "m" + s : minutes + "m" + s;
    }
}
