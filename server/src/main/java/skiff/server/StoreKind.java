package skiff.server;

/** Which key-value store backs the API server. */
public enum StoreKind {
    /** SQLite in the data directory, durable, the default. */
    EMBEDDED,
    /** Memory only: fast, forgotten on exit; for tests. */
    MEMORY,
    /** A real etcd cluster (not implemented yet). */
    ETCD
}
