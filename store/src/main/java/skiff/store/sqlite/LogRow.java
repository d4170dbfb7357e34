package skiff.store.sqlite;

import skiff.store.KeyValue;
import skiff.store.WatchEvent;

/**
 * One row of the log: the write at {@code revision} to {@code key}. A create has {@code created} set and
 * {@code prevRevision} 0; an update points at the row it replaced; a deletion has {@code deleted} set, no value,
 * and points at the row holding the value it deleted.
 */
record LogRow(long revision, String key, boolean created, boolean deleted, long createRevision, long prevRevision,
        byte[] value) {
    private static final byte[] EMPTY = new byte[0];

    /** A value as stored: JDBC may return an empty blob as null. */
    static byte[] storedValue(byte[] fromJdbc) {
        return fromJdbc == null ? EMPTY : fromJdbc;
    }

    static LogRow create(long revision, String key, byte[] value) {
        return new LogRow(revision, key, true, false, revision, 0, value);
    }

    static LogRow update(long revision, String key, byte[] value, KeyRevisions replaced) {
        return new LogRow(revision, key, false, false, replaced.createRevision(), replaced.modRevision(), value);
    }

    static LogRow deletion(long revision, String key, KeyRevisions deleted) {
        return new LogRow(revision, key, false, true, deleted.createRevision(), deleted.modRevision(), null);
    }

    /** The watch event for this row, given the value of the row at {@code prevRevision} (null for a create). */
    WatchEvent toEvent(byte[] previousValue) {
        if (deleted) {
            KeyValue gone = new KeyValue(key, storedValue(previousValue), createRevision, prevRevision);
            return new WatchEvent(WatchEvent.Type.DELETE, gone, null, revision);
        }
        KeyValue kv = new KeyValue(key, storedValue(value), createRevision, revision);
        KeyValue prev = created ? null : new KeyValue(key, storedValue(previousValue), createRevision, prevRevision);
        return new WatchEvent(WatchEvent.Type.PUT, kv, prev, revision);
    }
}
