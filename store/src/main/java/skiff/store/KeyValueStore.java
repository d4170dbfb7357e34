package skiff.store;

import java.util.Optional;

/**
 * A revisioned key-value store in the shape the API server needs (kine's backend, etcd's KV and watch): one global
 * revision that grows by one with every write, create-if-absent, compare-and-swap on a key's modification revision,
 * range reads at a revision, watch from a revision, compaction.
 *
 * <p>Every method that returns a {@link WriteResult.Committed} returns only after the write is durable.
 * Implementations are thread safe.
 */
public interface KeyValueStore extends AutoCloseable {

    /** The revision of the latest committed write (0 for an empty store). */
    long currentRevision();

    /** Revisions at or below this one may no longer be read or watched from. */
    long compactRevision();

    /** The current value of a key. */
    Optional<KeyValue> get(String key);

    /**
     * Keys starting with {@code prefix}, in key order, as they were at {@code revision} (0 = now). Reading starts
     * after {@code startAfter} (null = from the start of the prefix) and returns at most {@code limit} keys (0 = no
     * limit).
     *
     * @throws CompactedException when {@code revision} is not 0 and below the compact revision
     */
    RangeResult range(String prefix, String startAfter, int limit, long revision);

    /** How many keys start with {@code prefix} now. */
    long count(String prefix);

    /** Creates {@code key} if absent. */
    WriteResult create(String key, byte[] value);

    /** Replaces the value of {@code key} if its modification revision is {@code expectedModRevision}. */
    WriteResult update(String key, byte[] value, long expectedModRevision);

    /** Deletes {@code key} if present and, unless {@code expectedModRevision} is 0, at that modification revision. */
    WriteResult delete(String key, long expectedModRevision);

    /**
     * Delivers every write to keys starting with {@code prefix} whose revision is greater than
     * {@code afterRevision}, first the ones already committed, then new ones as they commit.
     *
     * @throws CompactedException when {@code afterRevision} is below the compact revision
     */
    Watch watch(String prefix, long afterRevision, WatchListener listener);

    /** Forgets history at and below {@code revision}: current values stay, older versions and deletions go. */
    void compact(long revision);

    @Override
    void close();
}
