package skiff.store.sqlite;

import java.util.Map;

/** What the store learns from the database file when it opens. */
record StoredState(long revision, long compactRevision, Map<String, KeyRevisions> liveKeys) {}
