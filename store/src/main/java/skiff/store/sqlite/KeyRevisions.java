package skiff.store.sqlite;

/** What the writer needs to know about a live key to check a precondition: when it was created and last written. */
record KeyRevisions(long createRevision, long modRevision) {}
