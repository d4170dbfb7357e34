package skiff.apiserver.table;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Table rows for core/v1 config maps: {@code NAME DATA AGE}. */
final class ConfigMapTableConvertor implements TableConvertor {
    private static final List<ColumnDefinition> COLUMNS = List.of(
            Columns.NAME, Columns.string("Data", "Number of keys in data and binaryData together."), Columns.AGE);

    @Override
    public List<ColumnDefinition> columns() {
        return COLUMNS;
    }

    // k/k pkg/printers/internalversion/printers.go printConfigMap: DATA counts data and binaryData keys.
    @Override
    public List<Object> cells(JsonNode configMap, Instant now) {
        long keys = WireValues.size(configMap.path("data")) + WireValues.size(configMap.path("binaryData"));
        return List.of(WireValues.name(configMap), keys, Age.of(configMap, now));
    }
}
