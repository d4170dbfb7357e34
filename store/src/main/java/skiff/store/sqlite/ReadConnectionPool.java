package skiff.store.sqlite;

import static skiff.store.sqlite.SqliteStatements.PRAGMA_BUSY_TIMEOUT;
import static skiff.store.sqlite.SqliteStatements.PRAGMA_QUERY_ONLY;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.store.StoreException;

/**
 * A fixed set of query-only connections. In WAL mode they read committed data beside the writer without waiting
 * for it. A reader borrows one connection for one query.
 */
final class ReadConnectionPool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReadConnectionPool.class);

    private final BlockingQueue<Connection> idle;
    private final List<Connection> all = new ArrayList<>();
    private volatile boolean closed;

    ReadConnectionPool(Path dbFile, int size) {
        idle = new ArrayBlockingQueue<>(size);
        try {
            for (int i = 0; i < size; i++) {
                Connection connection = DriverManager.getConnection(WriterConnection.jdbcUrl(dbFile));
                try (Statement s = connection.createStatement()) {
                    s.execute(PRAGMA_BUSY_TIMEOUT);
                    s.execute(PRAGMA_QUERY_ONLY);
                }
                all.add(connection);
                idle.add(connection);
            }
        } catch (SQLException e) {
            closeAll();
            throw new StoreException("cannot open read connections to " + dbFile, e);
        }
    }

    /** A query against one connection. */
    interface Query<T> {
        T run(Connection connection) throws SQLException;
    }

    <T> T read(Query<T> query) {
        Connection connection = borrow();
        try {
            return query.run(connection);
        } catch (SQLException e) {
            throw new StoreException("read failed", e);
        } finally {
            idle.add(connection);
        }
    }

    private Connection borrow() {
        if (closed) {
            throw new StoreException("store is closed");
        }
        try {
            Connection connection;
            while ((connection = idle.poll(50, TimeUnit.MILLISECONDS)) == null) {
                if (closed) {
                    throw new StoreException("store is closed");
                }
            }
            if (closed) {
                idle.add(connection);
                throw new StoreException("store is closed");
            }
            return connection;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a read connection", e);
        }
    }

    /** Waits briefly for reads in progress, then closes every connection. */
    @Override
    public void close() {
        closed = true;
        for (int returned = 0; returned < all.size(); returned++) {
            try {
                if (idle.poll(5, TimeUnit.SECONDS) == null) {
                    log.warn("closing read connections while reads are still running");
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        closeAll();
    }

    private void closeAll() {
        for (Connection connection : all) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.warn("cannot close a read connection", e);
            }
        }
    }
}
