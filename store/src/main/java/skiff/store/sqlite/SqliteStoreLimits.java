package skiff.store.sqlite;

/**
 * The sizes that bound the SQLite store's memory and batching. Tests shrink them to reach the edges quickly.
 *
 * @param recentEvents      events kept in memory for watches that start slightly in the past
 * @param recentEventBytes  value bytes kept in memory for the same purpose
 * @param watcherEvents     undelivered events one watcher may fall behind by before the store closes it
 * @param watcherBytes      undelivered value bytes one watcher may fall behind by before the store closes it
 * @param batchWrites       writes committed together in one transaction at most
 * @param batchBytes        value bytes committed together in one transaction at most (one write may exceed it)
 * @param readConnections   connections serving reads beside the writer
 * @param watchPageRows     rows read per query when a watch replays history from the database
 */
record SqliteStoreLimits(int recentEvents, long recentEventBytes, int watcherEvents, long watcherBytes,
        int batchWrites, long batchBytes, int readConnections, int watchPageRows) {

    static SqliteStoreLimits defaults() {
        return new SqliteStoreLimits(10_000, 64L << 20, 100_000, 256L << 20, 1_000, 32L << 20,
                Math.max(2, Runtime.getRuntime().availableProcessors()), 500);
    }

    SqliteStoreLimits withRecentEvents(int events) {
        return new SqliteStoreLimits(events, recentEventBytes, watcherEvents, watcherBytes, batchWrites, batchBytes,
                readConnections, watchPageRows);
    }

    SqliteStoreLimits withWatcherEvents(int events) {
        return new SqliteStoreLimits(recentEvents, recentEventBytes, events, watcherBytes, batchWrites, batchBytes,
                readConnections, watchPageRows);
    }

    SqliteStoreLimits withWatchPageRows(int rows) {
        return new SqliteStoreLimits(recentEvents, recentEventBytes, watcherEvents, watcherBytes, batchWrites,
                batchBytes, readConnections, rows);
    }
}
