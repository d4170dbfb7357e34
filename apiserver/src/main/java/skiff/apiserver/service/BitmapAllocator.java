package skiff.apiserver.service;

import java.util.BitSet;
import java.util.OptionalInt;
import java.util.random.RandomGenerator;

/**
 * Which of {@code size} consecutive values are taken (k/k pkg/registry/core/service/allocator/bitmap.go, 1.32). A
 * value is picked at random from the upper band {@code [offset, size)} first, and only from the lower band
 * {@code [0, offset)} once the upper one is full, so the lower band stays free for values asked for by number
 * (randomScanStrategyWithOffset).
 */
final class BitmapAllocator {
    private final int size;
    private final int offset;
    private final RandomGenerator random;
    private final BitSet taken = new BitSet();

    BitmapAllocator(int size, int offset, RandomGenerator random) {
        this.size = size;
        this.offset = offset;
        this.random = random;
    }

    int size() {
        return size;
    }

    synchronized boolean allocate(int index) {
        if (taken.get(index)) {
            return false;
        }
        taken.set(index);
        return true;
    }

    /** A free value, without taking it when {@code take} is false; empty when every value is taken. */
    synchronized OptionalInt next(boolean take) {
        if (taken.cardinality() >= size) {
            return OptionalInt.empty();
        }
        OptionalInt found = scan(offset, size - offset);
        if (found.isEmpty()) {
            found = scan(0, offset);
        }
        if (take) {
            found.ifPresent(taken::set);
        }
        return found;
    }

    private OptionalInt scan(int from, int length) {
        if (length <= 0) {
            return OptionalInt.empty();
        }
        int start = random.nextInt(length);
        for (int i = 0; i < length; i++) {
            int at = from + (start + i) % length;
            if (!taken.get(at)) {
                return OptionalInt.of(at);
            }
        }
        return OptionalInt.empty();
    }

    synchronized void release(int index) {
        taken.clear(index);
    }

    synchronized boolean has(int index) {
        return taken.get(index);
    }

    synchronized int free() {
        return size - taken.cardinality();
    }

    synchronized BitSet snapshot() {
        return (BitSet) taken.clone();
    }

    /** Replaces what is taken with {@code values}. */
    synchronized void restore(BitSet values) {
        taken.clear();
        taken.or(values);
    }

    /** Runs {@code action} while no other allocation can happen. */
    synchronized void exclusively(Runnable action) {
        action.run();
    }
}
