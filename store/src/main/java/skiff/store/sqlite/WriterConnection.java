package skiff.store.sqlite;

import static skiff.store.sqlite.SqliteStatements.*;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import skiff.store.StoreException;

/**
 * The one connection that writes. It creates the schema, reads the stored state at startup, and runs each batch
 * inside one transaction. Used only by the writer thread after startup.
 */
final class WriterConnection implements AutoCloseable {
    private final Connection connection;
    private final PreparedStatement insertRow;
    private final PreparedStatement selectValueAt;

    private WriterConnection(Connection connection) throws SQLException {
        this.connection = connection;
        this.insertRow = connection.prepareStatement(INSERT_ROW);
        this.selectValueAt = connection.prepareStatement(SELECT_VALUE_AT);
    }

    static WriterConnection open(Path dbFile) {
        try {
            Connection connection = DriverManager.getConnection(jdbcUrl(dbFile));
            try (Statement s = connection.createStatement()) {
                s.execute(PRAGMA_BUSY_TIMEOUT);
                s.execute(PRAGMA_JOURNAL_WAL);
                s.execute(PRAGMA_SYNCHRONOUS_FULL);
                s.execute(CREATE_LOG_TABLE);
                s.execute(CREATE_NAME_INDEX);
                s.execute(CREATE_META_TABLE);
            }
            connection.setAutoCommit(false);
            connection.commit();
            return new WriterConnection(connection);
        } catch (SQLException e) {
            throw new StoreException("cannot open " + dbFile, e);
        }
    }

    static String jdbcUrl(Path dbFile) {
        return "jdbc:sqlite:" + dbFile.toAbsolutePath();
    }

    /**
     * The revision to continue from is the highest row id, or the compact revision if compaction removed the
     * newest rows (a deletion at the end of the log), so no revision is ever handed out twice.
     */
    StoredState loadState() {
        try {
            long maxId = singleLong(SELECT_MAX_REVISION);
            long compactRevision = metaValue(META_COMPACT_REVISION);
            Map<String, KeyRevisions> live = new HashMap<>();
            try (PreparedStatement ps = connection.prepareStatement(SELECT_LIVE_KEYS); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    live.put(rs.getString(1), new KeyRevisions(rs.getLong(3), rs.getLong(2)));
                }
            }
            connection.commit();
            return new StoredState(Math.max(maxId, compactRevision), compactRevision, live);
        } catch (SQLException e) {
            throw new StoreException("cannot read the stored state", e);
        }
    }

    /** The value written at {@code revision}, read inside the current transaction. */
    byte[] valueAt(long revision) {
        try {
            selectValueAt.setLong(1, revision);
            try (ResultSet rs = selectValueAt.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException("log row " + revision + " is missing");
                }
                return LogRow.storedValue(rs.getBytes(1));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read log row " + revision, e);
        }
    }

    /** Appends the rows and commits them: one fsync, however many rows. */
    void commit(List<LogRow> rows) throws SQLException {
        for (LogRow row : rows) {
            insertRow.setLong(1, row.revision());
            insertRow.setString(2, row.key());
            insertRow.setInt(3, row.created() ? 1 : 0);
            insertRow.setInt(4, row.deleted() ? 1 : 0);
            insertRow.setLong(5, row.createRevision());
            insertRow.setLong(6, row.prevRevision());
            insertRow.setBytes(7, row.value());
            insertRow.addBatch();
        }
        insertRow.executeBatch();
        connection.commit();
    }

    /** Deletes history at and below {@code revision} and records the new compact revision, in one transaction. */
    void compact(long previousCompactRevision, long revision) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(COMPACT);
                PreparedStatement meta = connection.prepareStatement(UPSERT_META)) {
            delete.setLong(1, previousCompactRevision);
            delete.setLong(2, revision);
            delete.executeUpdate();
            meta.setString(1, META_COMPACT_REVISION);
            meta.setLong(2, revision);
            meta.executeUpdate();
        }
        connection.commit();
    }

    /** Ends the current transaction without writing; used after a batch with nothing to write or a failure. */
    void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // The connection is broken; the next batch reports the fault.
        }
    }

    private long singleLong(String sql) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private long metaValue(String key) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(SELECT_META)) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    @Override
    public void close() {
        try {
            rollbackQuietly();
            insertRow.close();
            selectValueAt.close();
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close the database", e);
        }
    }
}
