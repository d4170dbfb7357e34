package skiff.store.sqlite;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Every live key with its create and modification revision, in memory, so the writer checks preconditions without
 * reading SQL and {@code count} needs no query. Only the writer changes it, after a batch has committed.
 */
final class KeyIndex {
    private final ConcurrentSkipListMap<String, KeyRevisions> keys = new ConcurrentSkipListMap<>();

    KeyIndex(Map<String, KeyRevisions> liveKeys) {
        keys.putAll(liveKeys);
    }

    /** The revisions of a live key, or null when it is absent. */
    KeyRevisions get(String key) {
        return keys.get(key);
    }

    long count(String prefix) {
        long count = 0;
        for (String key : keys.tailMap(prefix, true).keySet()) {
            if (!key.startsWith(prefix)) {
                break;
            }
            count++;
        }
        return count;
    }

    void apply(List<LogRow> committed) {
        for (LogRow row : committed) {
            if (row.deleted()) {
                keys.remove(row.key());
            } else {
                keys.put(row.key(), new KeyRevisions(row.createRevision(), row.revision()));
            }
        }
    }
}
