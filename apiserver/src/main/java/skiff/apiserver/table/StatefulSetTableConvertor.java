package skiff.apiserver.table;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Table rows for apps/v1 stateful sets: {@code NAME READY AGE}, plus the template when wide. */
final class StatefulSetTableConvertor implements TableConvertor {
    private static final List<ColumnDefinition> COLUMNS = List.of(
            Columns.NAME,
            Columns.string("Ready", "Ready replicas out of requested replicas."),
            Columns.AGE,
            Columns.CONTAINERS,
            Columns.IMAGES);

    @Override
    public List<ColumnDefinition> columns() {
        return COLUMNS;
    }

    // k/k pkg/printers/internalversion/printers.go printStatefulSet: READY is ready/desired; no selector column.
    @Override
    public List<Object> cells(JsonNode statefulSet, Instant now) {
        ContainerCells containers = ContainerCells.ofTemplate(statefulSet);
        return List.of(
                WireValues.name(statefulSet),
                WireValues.integer(statefulSet.path("status").path("readyReplicas")) + "/" + DesiredReplicas.of(statefulSet),
                Age.of(statefulSet, now),
                containers.names(),
                containers.images());
    }
}
