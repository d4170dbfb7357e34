package skiff.apiserver.table;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Table rows for core/v1 secrets: {@code NAME TYPE DATA AGE}. */
final class SecretTableConvertor implements TableConvertor {
    private static final List<ColumnDefinition> COLUMNS = List.of(
            Columns.NAME,
            Columns.string("Type", "Secret type, which says what the data holds."),
            Columns.string("Data", "Number of keys in data."),
            Columns.AGE);

    @Override
    public List<ColumnDefinition> columns() {
        return COLUMNS;
    }

    // k/k pkg/printers/internalversion/printers.go printSecret: DATA counts the keys of data.
    @Override
    public List<Object> cells(JsonNode secret, Instant now) {
        return List.of(
                WireValues.name(secret),
                WireValues.string(secret.path("type")),
                (long) WireValues.size(secret.path("data")),
                Age.of(secret, now));
    }
}
