package skiff.api.time;

import java.time.Duration;
import java.time.Instant;

/**
 * Time as every Skiff component reads it: wall-clock instants for timestamps that users see, monotonic nanoseconds
 * for intervals, and sleeping. Tests pass a {@code FakeClock} and move time by hand.
 */
public interface Clock {

    Instant now();

    /** A monotonic reading in nanoseconds, meaningful only as a difference between two readings. */
    long nanoTime();

    void sleep(Duration duration) throws InterruptedException;

    static Clock system() {
        return SystemClock.INSTANCE;
    }
}
