package skiff.store.sqlite;

import static skiff.store.sqlite.SqliteStatements.*;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import skiff.store.KeyValue;
import skiff.store.WatchEvent;

/** The queries that read the log: one key now, a range at a revision, and history for watches. */
final class SqliteLogReader implements AutoCloseable {
    private final ReadConnectionPool pool;

    SqliteLogReader(ReadConnectionPool pool) {
        this.pool = pool;
    }

    /** The key's newest row, unless that row deleted it. */
    Optional<KeyValue> latest(String key) {
        return pool.read(connection -> {
            try (PreparedStatement ps = connection.prepareStatement(SELECT_LATEST)) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || rs.getInt(2) != 0) {
                        return Optional.empty();
                    }
                    return Optional.of(new KeyValue(key, LogRow.storedValue(rs.getBytes(4)), rs.getLong(3), rs.getLong(1)));
                }
            }
        });
    }

    /** Live keys of the span as of {@code revision}, in key order, at most {@code limit} (0 = all). */
    List<KeyValue> range(KeySpan span, long revision, int limit) {
        return pool.read(connection -> {
            try (PreparedStatement ps = connection.prepareStatement(span.bounded() ? RANGE_BOUNDED : RANGE_UNBOUNDED)) {
                ps.setString(1, span.from());
                ps.setString(2, span.after());
                if (span.bounded()) {
                    ps.setString(3, span.toExclusive());
                }
                ps.setLong(4, revision);
                ps.setInt(5, limit == 0 ? -1 : limit);
                List<KeyValue> items = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(new KeyValue(rs.getString(2), LogRow.storedValue(rs.getBytes(4)), rs.getLong(3), rs.getLong(1)));
                    }
                }
                return items;
            }
        });
    }

    /**
     * Events for keys starting with {@code prefix} with revision in ({@code after}, {@code upTo}], oldest first,
     * reading at most {@code rows} rows of the log.
     */
    EventPage eventsAfter(String prefix, long after, long upTo, int rows) {
        KeySpan span = KeySpan.prefix(prefix);
        return pool.read(connection -> {
            try (PreparedStatement ps = connection.prepareStatement(span.bounded() ? EVENTS_AFTER_IN_RANGE : EVENTS_AFTER)) {
                ps.setLong(1, after);
                ps.setLong(2, upTo);
                ps.setInt(3, rows);
                if (span.bounded()) {
                    ps.setString(4, span.from());
                    ps.setString(5, span.toExclusive());
                }
                List<WatchEvent> events = new ArrayList<>();
                long lastRow = after;
                int read = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        read++;
                        LogRow row = new LogRow(rs.getLong(1), rs.getString(2), rs.getInt(3) != 0, rs.getInt(4) != 0,
                                rs.getLong(5), rs.getLong(6), rs.getBytes(7));
                        lastRow = row.revision();
                        if (row.key().startsWith(prefix)) {
                            events.add(row.toEvent(rs.getBytes(8)));
                        }
                    }
                }
                return new EventPage(events, read < rows ? upTo : lastRow);
            }
        });
    }

    @Override
    public void close() {
        pool.close();
    }
}
