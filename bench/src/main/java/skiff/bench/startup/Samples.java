package skiff.bench.startup;

import java.time.Duration;
import java.util.List;
import skiff.bench.Format;

/** Medians and ranges of a handful of samples, as table cells. */
final class Samples {
    private Samples() {}

    static Duration median(List<Duration> samples) {
        List<Duration> sorted = samples.stream().sorted().toList();
        return sorted.get((sorted.size() - 1) / 2);
    }

    static long medianBytes(List<Long> samples) {
        List<Long> sorted = samples.stream().sorted().toList();
        return sorted.get((sorted.size() - 1) / 2);
    }

    /** "812 ms (790-845 ms)": median, then min-max. */
    static String durations(List<Duration> samples) {
        if (samples.isEmpty()) {
            return "n/a";
        }
        List<Duration> sorted = samples.stream().sorted().toList();
        return Format.millis(median(samples)) + " (" + Format.millis(sorted.getFirst()).replace(" ms", "") + "-"
                + Format.millis(sorted.getLast()) + ")";
    }

}
