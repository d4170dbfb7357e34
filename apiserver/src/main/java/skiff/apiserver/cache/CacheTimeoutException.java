package skiff.apiserver.cache;

/** The cache did not reach a revision in time (the store watch is behind or broken). */
public final class CacheTimeoutException extends RuntimeException {
    private final long wanted;
    private final long have;

    public CacheTimeoutException(long wanted, long have) {
        super("Too large resource version: " + wanted + ", current: " + have);
        this.wanted = wanted;
        this.have = have;
    }

    public long wanted() {
        return wanted;
    }

    public long have() {
        return have;
    }
}
