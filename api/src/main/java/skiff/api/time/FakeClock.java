package skiff.api.time;

import java.time.Duration;
import java.time.Instant;

/** A clock that moves only when told to; {@link #sleep} advances it instead of waiting. */
public final class FakeClock implements Clock {
    private Instant now;
    private long nanos;

    public FakeClock(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public synchronized long nanoTime() {
        return nanos;
    }

    @Override
    public void sleep(Duration duration) {
        advance(duration);
    }

    public synchronized void advance(Duration duration) {
        now = now.plus(duration);
        nanos += duration.toNanos();
    }
}
