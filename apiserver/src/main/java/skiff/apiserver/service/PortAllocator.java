package skiff.apiserver.service;

import java.util.random.RandomGenerator;

/**
 * Node ports of one range (k/k pkg/registry/core/service/portallocator/allocator.go, 1.32, with
 * ServiceNodePortStaticSubrange on as it is since 1.29): the lowest ports form the band kept for ports asked for by
 * number (calculateRangeOffset: a 32nd of the range, at least 16 and at most 128 ports). Ports are numbers: one taken
 * for TCP is taken for UDP too.
 */
public final class PortAllocator {
    private final PortRange range;
    private final BitmapAllocator bits;

    public PortAllocator(PortRange range, RandomGenerator random) {
        this.range = range;
        this.bits = new BitmapAllocator(range.size(), offset(range.size()), random);
    }

    static int offset(int size) {
        if (size <= 16) {
            return 0;
        }
        return Math.min(Math.max(16, size / 32), 128);
    }

    public PortRange range() {
        return range;
    }

    /** Takes {@code port}, or throws with portallocator's ErrNotInRange or ErrAllocated. */
    public void allocate(int port) {
        if (!bits.allocate(checkedIndex(port))) {
            throw new AllocationException("provided port is already allocated");
        }
    }

    /** Whether {@code port} could be taken now, as a dry run checks it. */
    public void check(int port) {
        if (bits.has(checkedIndex(port))) {
            throw new AllocationException("provided port is already allocated");
        }
    }

    /** Takes a free port, or only finds one when {@code take} is false; throws ErrFull ("range is full"). */
    public int allocateNext(boolean take) {
        return range.base() + bits.next(take).orElseThrow(() -> new AllocationException("range is full"));
    }

    public void release(int port) {
        if (range.contains(port)) {
            bits.release(port - range.base());
        }
    }

    public boolean isAllocated(int port) {
        return range.contains(port) && bits.has(port - range.base());
    }

    private int checkedIndex(int port) {
        if (!range.contains(port)) {
            throw new AllocationException("provided port is not in the valid range. The range of valid ports is "
                    + range);
        }
        return port - range.base();
    }

    public int free() {
        return bits.free();
    }

    BitmapAllocator bits() {
        return bits;
    }
}
