package skiff.apiserver.table;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Table rows for core/v1 replication controllers: {@code NAME DESIRED CURRENT READY AGE}, plus template and selector when wide. */
final class ReplicationControllerTableConvertor implements TableConvertor {
    private static final List<ColumnDefinition> COLUMNS = List.of(
            Columns.NAME,
            Columns.integer("Desired", "Number of replicas requested."),
            Columns.integer("Current", "Number of replicas the controller last observed."),
            Columns.integer("Ready", "Number of replicas that are ready."),
            Columns.AGE,
            Columns.CONTAINERS,
            Columns.IMAGES,
            Columns.selector("Labels of the pods the controller manages."));

    @Override
    public List<ColumnDefinition> columns() {
        return COLUMNS;
    }

    // k/k pkg/printers/internalversion/printers.go printReplicationController: counts as numbers; the selector
    // is a plain label map; a missing template prints empty containers and images.
    @Override
    public List<Object> cells(JsonNode controller, Instant now) {
        JsonNode status = controller.path("status");
        ContainerCells containers = ContainerCells.ofTemplate(controller);
        return List.of(
                WireValues.name(controller),
                DesiredReplicas.of(controller),
                WireValues.integer(status.path("replicas")),
                WireValues.integer(status.path("readyReplicas")),
                Age.of(controller, now),
                containers.names(),
                containers.images(),
                LabelSelectors.formatLabels(controller.path("spec").path("selector")));
    }
}
