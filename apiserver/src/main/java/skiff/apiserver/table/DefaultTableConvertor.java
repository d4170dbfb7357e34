package skiff.apiserver.table;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Table rows for any resource without its own printer: {@code NAME CREATED AT}, the creation time as an RFC 3339
 * UTC timestamp with whole seconds.
 */
// k/k staging/src/k8s.io/apiserver/pkg/registry/rest/table.go defaultTableConvertor: Name and a "date" column
// holding creationTimestamp formatted with time.RFC3339 in UTC; a missing timestamp is Go's zero time.
final class DefaultTableConvertor implements TableConvertor {
    static final DefaultTableConvertor INSTANCE = new DefaultTableConvertor();
    private static final DateTimeFormatter RFC3339_SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final String GO_ZERO_TIME = "0001-01-01T00:00:00Z";
    private static final List<ColumnDefinition> COLUMNS = List.of(
            Columns.NAME, new ColumnDefinition("Created At", "date", "", "Time the object was created, in UTC.", 0));

    private DefaultTableConvertor() {}

    @Override
    public List<ColumnDefinition> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(JsonNode object, Instant now) {
        String createdAt = WireValues.time(object.path("metadata").path("creationTimestamp"))
                .map(RFC3339_SECONDS::format)
                .orElse(GO_ZERO_TIME);
        return List.of(WireValues.name(object), createdAt);
    }
}
