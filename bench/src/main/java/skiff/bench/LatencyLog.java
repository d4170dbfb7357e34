package skiff.bench;

import java.util.Arrays;

/** A growable array of latencies for one worker thread; no boxing, no locking. */
public final class LatencyLog {
    private long[] values = new long[1024];
    private int size;

    public void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    public long[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
