/**
 * The durable embedded store: every write is one row of an append-only SQLite table, as in k3s's kine.
 *
 * <h2>Layout</h2>
 * <ul>
 *   <li>{@code kv_log(id, name, created, deleted, create_revision, prev_revision, value)}: {@code id} is the
 *       global revision. A create row has {@code created = 1} and {@code prev_revision = 0}; an update row points
 *       at the row it replaced; a deletion row has {@code deleted = 1}, no value, and points at the row whose
 *       value it deleted. The current state is the newest row of each name unless that row is a deletion; the
 *       state at revision R is the newest row of each name with {@code id <= R}. An index on
 *       {@code (name, id, deleted)} serves get, range and the "newest row per name" queries.</li>
 *   <li>{@code kv_meta(key, value)}: the compact revision. On open the store continues from the larger of the
 *       highest row id and the compact revision, so a revision is never handed out twice.</li>
 *   <li>Compaction deletes, at and below the compact revision, every row that a later row replaced and every
 *       deletion row; the newest live row of each key stays, so the state at the compact revision stays
 *       readable.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * <ul>
 *   <li>One writer thread ({@code GroupCommitWriter}) owns the only writing connection. It
 *       drains the queue of pending writes, checks each precondition against the in-memory
 *       {@code KeyIndex} and the earlier writes of the same batch, inserts the batch in one
 *       transaction and commits once (WAL, {@code synchronous=FULL}: one fsync per batch), then updates the
 *       index, publishes the events and completes the callers' futures.</li>
 *   <li>Reads use a small pool of query-only connections, which WAL lets run beside the writer.</li>
 *   <li>Each watch has a virtual thread that replays history from SQL if it starts before the in-memory ring of
 *       recent events, then delivers the ring's backlog and the live batches queued for it. The writer only
 *       queues, so slow listeners never hold up writes.</li>
 * </ul>
 */
package skiff.store.sqlite;
