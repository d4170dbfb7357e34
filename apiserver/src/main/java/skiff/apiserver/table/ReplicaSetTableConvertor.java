package skiff.apiserver.table;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Table rows for apps/v1 replica sets: {@code NAME DESIRED CURRENT READY AGE}, plus template and selector when wide. */
final class ReplicaSetTableConvertor implements TableConvertor {
    private static final List<ColumnDefinition> COLUMNS = List.of(
            Columns.NAME,
            Columns.integer("Desired", "Number of replicas requested."),
            Columns.integer("Current", "Number of replicas the controller last observed."),
            Columns.integer("Ready", "Number of replicas that are ready."),
            Columns.AGE,
            Columns.CONTAINERS,
            Columns.IMAGES,
            Columns.selector("Label query over the pods the replica set manages."));

    @Override
    public List<ColumnDefinition> columns() {
        return COLUMNS;
    }

    // k/k pkg/printers/internalversion/printers.go printReplicaSet: counts as numbers, selector as a label query.
    @Override
    public List<Object> cells(JsonNode replicaSet, Instant now) {
        JsonNode status = replicaSet.path("status");
        ContainerCells containers = ContainerCells.ofTemplate(replicaSet);
        return List.of(
                WireValues.name(replicaSet),
                DesiredReplicas.of(replicaSet),
                WireValues.integer(status.path("replicas")),
                WireValues.integer(status.path("readyReplicas")),
                Age.of(replicaSet, now),
                containers.names(),
                containers.images(),
                LabelSelectors.formatLabelSelector(replicaSet.path("spec").path("selector")));
    }
}
