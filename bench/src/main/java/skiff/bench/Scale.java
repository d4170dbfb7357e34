package skiff.bench;

import java.time.Duration;

/**
 * Shrinks or grows every count and duration of a run (-Dskiff.bench.scale=0.1 for a smoke run). The published
 * numbers use 1.
 */
public record Scale(double factor) {

    public static Scale fromSystemProperty() {
        return new Scale(Double.parseDouble(System.getProperty("skiff.bench.scale", "1")));
    }

    public int count(int n) {
        return Math.max(1, (int) Math.round(n * factor));
    }

    public Duration duration(Duration d) {
        return Duration.ofNanos(Math.max(100_000_000L, (long) (d.toNanos() * factor)));
    }
}
