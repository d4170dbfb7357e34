package skiff.bench.store;

/** A store that can create a key if it is absent and returns only once the write is durable. */
public interface DurableWriter extends AutoCloseable {

    /** Creates {@code key}; false when it already existed. */
    boolean createIfAbsent(String key, byte[] value) throws Exception;

    @Override
    void close();
}
