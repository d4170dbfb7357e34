package skiff.store.sqlite;

/**
 * Every SQL statement the SQLite backend runs, by name. The log table {@code kv_log} has one row per write; its
 * {@code id} is the global revision. {@code kv_meta} holds the few numbers that are not rows of the log.
 */
final class SqliteStatements {

    // Connection settings. WAL lets readers run beside the single writer; synchronous=FULL fsyncs the WAL at
    // every commit, so a committed transaction survives power loss and kill -9.
    static final String PRAGMA_JOURNAL_WAL = "PRAGMA journal_mode=WAL";
    static final String PRAGMA_SYNCHRONOUS_FULL = "PRAGMA synchronous=FULL";
    static final String PRAGMA_BUSY_TIMEOUT = "PRAGMA busy_timeout=10000";
    static final String PRAGMA_QUERY_ONLY = "PRAGMA query_only=1";

    // kine pkg/drivers/generic/generic.go schema: an append-only log keyed by revision, each row naming its key,
    // the revision that created the key and the revision it replaced. Skiff keeps no old_value column: the value a
    // row replaced is the value of the row at prev_revision, which compaction keeps as long as the row is needed.
    static final String CREATE_LOG_TABLE = """
            CREATE TABLE IF NOT EXISTS kv_log (
              id INTEGER PRIMARY KEY,
              name TEXT NOT NULL,
              created INTEGER NOT NULL,
              deleted INTEGER NOT NULL,
              create_revision INTEGER NOT NULL,
              prev_revision INTEGER NOT NULL,
              value BLOB
            )""";
    static final String CREATE_NAME_INDEX = "CREATE INDEX IF NOT EXISTS kv_log_name_id ON kv_log (name, id)";
    static final String CREATE_META_TABLE =
            "CREATE TABLE IF NOT EXISTS kv_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)";

    static final String META_COMPACT_REVISION = "compact_revision";
    static final String SELECT_META = "SELECT value FROM kv_meta WHERE key = ?";
    static final String UPSERT_META = """
            INSERT INTO kv_meta (key, value) VALUES (?, ?)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value""";

    static final String SELECT_MAX_REVISION = "SELECT COALESCE(MAX(id), 0) FROM kv_log";

    /** The key and revisions of every live key: the newest row per name that is not a deletion. */
    static final String SELECT_LIVE_KEYS = """
            SELECT l.name, l.id, l.create_revision
            FROM kv_log l
            JOIN (SELECT MAX(id) AS id FROM kv_log GROUP BY name) latest ON l.id = latest.id
            WHERE l.deleted = 0""";

    static final String INSERT_ROW = """
            INSERT INTO kv_log (id, name, created, deleted, create_revision, prev_revision, value)
            VALUES (?, ?, ?, ?, ?, ?, ?)""";

    static final String SELECT_VALUE_AT = "SELECT value FROM kv_log WHERE id = ?";

    /** The newest row of one key (served by the (name, id) index). */
    static final String SELECT_LATEST = """
            SELECT id, deleted, create_revision, value FROM kv_log
            WHERE name = ? ORDER BY id DESC LIMIT 1""";

    /**
     * Live keys in [?1, ?3) and after ?2 as of revision ?4, at most ?5 of them (-1 = all). The scan walks the
     * (name, id) index in name order, keeps a row only if it is its key's newest at or below the revision (one
     * index probe) and not a deletion, and stops after ?5 rows: a page costs its own size, not the rest of the
     * range. A join on a GROUP BY of the whole range, as kine writes it, had SQLite collect and sort every
     * remaining key (and read its value) for each page.
     */
    static final String RANGE_BOUNDED = """
            SELECT l.id, l.name, l.create_revision, l.value
            FROM kv_log l
            WHERE l.name >= ?1 AND l.name > ?2 AND l.name < ?3 AND l.id <= ?4
              AND l.id = (SELECT MAX(m.id) FROM kv_log m WHERE m.name = l.name AND m.id <= ?4)
              AND l.deleted = 0
            ORDER BY l.name
            LIMIT ?5""";

    /** {@link #RANGE_BOUNDED} for a prefix with no upper bound (the empty prefix); parameters ?1, ?2, ?4, ?5. */
    static final String RANGE_UNBOUNDED = """
            SELECT l.id, l.name, l.create_revision, l.value
            FROM kv_log l
            WHERE l.name >= ?1 AND l.name > ?2 AND l.id <= ?4
              AND l.id = (SELECT MAX(m.id) FROM kv_log m WHERE m.name = l.name AND m.id <= ?4)
              AND l.deleted = 0
            ORDER BY l.name
            LIMIT ?5""";

    /**
     * Rows with revision in (?1, ?2], oldest first, at most ?3, each with the value of the row it replaced (the
     * previous value of an update, the deleted value of a deletion).
     */
    static final String EVENTS_AFTER = """
            SELECT l.id, l.name, l.created, l.deleted, l.create_revision, l.prev_revision, l.value, p.value
            FROM kv_log l LEFT JOIN kv_log p ON p.id = l.prev_revision
            WHERE l.id > ?1 AND l.id <= ?2
            ORDER BY l.id
            LIMIT ?3""";

    /** {@link #EVENTS_AFTER} restricted to names in [?4, ?5). */
    static final String EVENTS_AFTER_IN_RANGE = """
            SELECT l.id, l.name, l.created, l.deleted, l.create_revision, l.prev_revision, l.value, p.value
            FROM kv_log l LEFT JOIN kv_log p ON p.id = l.prev_revision
            WHERE l.id > ?1 AND l.id <= ?2 AND l.name >= ?4 AND l.name < ?5
            ORDER BY l.id
            LIMIT ?3""";

    // kine pkg/drivers/generic/generic.go compactSQL: a row goes once a row that replaced it is at or below the
    // compact revision; deletion rows at or below it go too. Only rows above the previous compact revision (?1)
    // need looking at: older ones were handled by the previous compaction.
    static final String COMPACT = """
            DELETE FROM kv_log WHERE id IN (
              SELECT prev_revision FROM kv_log WHERE id > ?1 AND id <= ?2 AND prev_revision != 0
              UNION ALL
              SELECT id FROM kv_log WHERE id > ?1 AND id <= ?2 AND deleted = 1)""";

    private SqliteStatements() {}
}
