package skiff.apiserver.service;

import java.util.random.RandomGenerator;

/**
 * Cluster IPs of one IPv4 service network (k/k pkg/registry/core/service/ipallocator/bitmap.go, 1.32): neither the
 * network address nor the broadcast address is ever handed out; the lowest addresses form the band kept for IPs
 * asked for by number (calculateRangeOffset: a sixteenth of the range, at least 16 and at most 256 addresses).
 */
public final class IpAllocator {
    private final Ipv4Cidr cidr;
    private final long first;
    private final BitmapAllocator bits;

    public IpAllocator(Ipv4Cidr cidr, RandomGenerator random) {
        this.cidr = cidr;
        this.first = cidr.base() + 1;
        int size = (int) Math.max(0, cidr.addressCount() - 2);
        this.bits = new BitmapAllocator(size, offset(size), random);
    }

    static int offset(int size) {
        if (size < 16) {
            return 0;
        }
        return Math.min(Math.max(16, size / 16), 256);
    }

    public Ipv4Cidr cidr() {
        return cidr;
    }

    /** Takes {@code ip}, or throws with ipallocator's ErrNotInRange or ErrAllocated. */
    public void allocate(String ip) {
        int index = checkedIndex(ip);
        if (!bits.allocate(index)) {
            throw new AllocationException("provided IP is already allocated");
        }
    }

    /** Whether {@code ip} could be taken now, as a dry run checks it; throws as {@link #allocate} does. */
    public void check(String ip) {
        if (bits.has(checkedIndex(ip))) {
            throw new AllocationException("provided IP is already allocated");
        }
    }

    /** Takes a free IP, or only finds one when {@code take} is false; throws ErrFull ("range is full"). */
    public String allocateNext(boolean take) {
        int index = bits.next(take).orElseThrow(() -> new AllocationException("range is full"));
        return Ipv4Cidr.toText(first + index);
    }

    public void release(String ip) {
        int index = index(ip);
        if (index >= 0) {
            bits.release(index);
        }
    }

    public boolean isAllocated(String ip) {
        int index = index(ip);
        return index >= 0 && bits.has(index);
    }

    /** The position of {@code ip} in the range, or -1 when it is not a usable address of it. */
    public int index(String ip) {
        long address = Ipv4Cidr.toLong(ip);
        long index = address - first;
        return address < 0 || index < 0 || index >= bits.size() ? -1 : (int) index;
    }

    private int checkedIndex(String ip) {
        int index = index(ip);
        if (index < 0) {
            throw new AllocationException("the provided IP (" + ip + ") is not in the valid range. The range of valid "
                    + "IPs is " + cidr);
        }
        return index;
    }

    public int free() {
        return bits.free();
    }

    BitmapAllocator bits() {
        return bits;
    }

    String address(int index) {
        return Ipv4Cidr.toText(first + index);
    }
}
