package skiff.apiserver.cache;

/** The cache did not reach a revision in time (the store watch is behind or broken). */
public final class CacheTimeoutException extends RuntimeException {
    public CacheTimeoutException(long wanted, long have) {
        super("Too large resource version: " + wanted + ", current: " + have);
    }
}
