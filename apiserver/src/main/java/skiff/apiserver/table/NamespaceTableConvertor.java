package skiff.apiserver.table;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Table rows for core/v1 namespaces: {@code NAME STATUS AGE}. */
final class NamespaceTableConvertor implements TableConvertor {
    private static final List<ColumnDefinition> COLUMNS = List.of(
            Columns.NAME, Columns.string("Status", "Lifecycle phase of the namespace."), Columns.AGE);

    @Override
    public List<ColumnDefinition> columns() {
        return COLUMNS;
    }

    // k/k pkg/printers/internalversion/printers.go printNamespace: the phase as is.
    @Override
    public List<Object> cells(JsonNode namespace, Instant now) {
        return List.of(
                WireValues.name(namespace), WireValues.string(namespace.path("status").path("phase")), Age.of(namespace, now));
    }
}
