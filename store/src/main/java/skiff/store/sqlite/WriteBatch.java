package skiff.store.sqlite;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;
import skiff.store.KeyValue;
import skiff.store.WatchEvent;
import skiff.store.WriteResult;

/**
 * The writes of one transaction. Each request is checked against the committed index and against the requests
 * before it in the same batch, is given the next revision if it passes, and becomes a log row and a watch event.
 * Nothing here is visible to anyone until the batch commits.
 */
final class WriteBatch {
    private final KeyIndex index;
    private final LongFunction<byte[]> valueAt;
    /** Keys this batch has written: their new state, or empty when the batch deleted them. */
    private final Map<String, Optional<KeyValue>> written = new HashMap<>();
    private final List<LogRow> rows = new ArrayList<>();
    private final List<WatchEvent> events = new ArrayList<>();
    private long revision;

    /**
     * @param revision the newest committed revision; the batch hands out the ones after it
     * @param valueAt  reads the committed value written at a revision
     */
    WriteBatch(KeyIndex index, long revision, LongFunction<byte[]> valueAt) {
        this.index = index;
        this.revision = revision;
        this.valueAt = valueAt;
    }

    List<LogRow> rows() {
        return rows;
    }

    List<WatchEvent> events() {
        return events;
    }

    /** The revision of the batch's last write (the committed revision if it has none). */
    long revision() {
        return revision;
    }

    WriteResult create(String key, byte[] value) {
        if (revisionsOf(key) != null) {
            return mismatch(key);
        }
        long rev = ++revision;
        KeyValue kv = new KeyValue(key, value, rev, rev);
        record(LogRow.create(rev, key, value), new WatchEvent(WatchEvent.Type.PUT, kv, null, rev), Optional.of(kv));
        return new WriteResult.Committed(rev, kv);
    }

    WriteResult update(String key, byte[] value, long expectedModRevision) {
        KeyRevisions existing = revisionsOf(key);
        if (existing == null || existing.modRevision() != expectedModRevision) {
            return mismatch(key);
        }
        KeyValue previous = valueOf(key, existing);
        long rev = ++revision;
        KeyValue kv = new KeyValue(key, value, existing.createRevision(), rev);
        record(LogRow.update(rev, key, value, existing), new WatchEvent(WatchEvent.Type.PUT, kv, previous, rev),
                Optional.of(kv));
        return new WriteResult.Committed(rev, kv);
    }

    WriteResult delete(String key, long expectedModRevision) {
        KeyRevisions existing = revisionsOf(key);
        if (existing == null || (expectedModRevision != 0 && existing.modRevision() != expectedModRevision)) {
            return mismatch(key);
        }
        KeyValue previous = valueOf(key, existing);
        long rev = ++revision;
        record(LogRow.deletion(rev, key, existing), new WatchEvent(WatchEvent.Type.DELETE, previous, null, rev),
                Optional.empty());
        return new WriteResult.Committed(rev, previous);
    }

    private void record(LogRow row, WatchEvent event, Optional<KeyValue> state) {
        rows.add(row);
        events.add(event);
        written.put(row.key(), state);
    }

    private WriteResult mismatch(String key) {
        KeyRevisions current = revisionsOf(key);
        return new WriteResult.RevisionMismatch(
                current == null ? Optional.empty() : Optional.of(valueOf(key, current)));
    }

    private KeyRevisions revisionsOf(String key) {
        Optional<KeyValue> inBatch = written.get(key);
        if (inBatch != null) {
            return inBatch.map(kv -> new KeyRevisions(kv.createRevision(), kv.modRevision())).orElse(null);
        }
        return index.get(key);
    }

    private KeyValue valueOf(String key, KeyRevisions revisions) {
        Optional<KeyValue> inBatch = written.get(key);
        if (inBatch != null && inBatch.isPresent()) {
            return inBatch.get();
        }
        return new KeyValue(key, valueAt.apply(revisions.modRevision()), revisions.createRevision(),
                revisions.modRevision());
    }
}
