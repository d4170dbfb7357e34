package skiff.store.sqlite;

import java.util.List;
import skiff.store.WatchEvent;

/** Events read from the log in one query, and the revision up to which the log has been read. */
record EventPage(List<WatchEvent> events, long readUpTo) {}
