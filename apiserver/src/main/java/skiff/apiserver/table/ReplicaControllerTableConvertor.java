package skiff.apiserver.table;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Table rows for replica sets and replication controllers: {@code NAME DESIRED CURRENT READY AGE}, plus template
 * and selector when wide (k/k pkg/printers/internalversion/printers.go printReplicaSet and
 * printReplicationController: counts as numbers; a replica set's selector is a label query, a controller's a plain
 * label map; a missing template prints empty containers and images).
 */
enum ReplicaControllerTableConvertor implements TableConvertor {
    REPLICA_SET("Label query over the pods the replica set manages.", LabelSelectors::formatLabelSelector),
    REPLICATION_CONTROLLER("Labels of the pods the controller manages.", LabelSelectors::formatLabels);

    private final List<ColumnDefinition> columns;
    private final Function<JsonNode, String> selector;

    ReplicaControllerTableConvertor(String selectorDescription, Function<JsonNode, String> selector) {
        this.columns = List.of(
                Columns.NAME,
                Columns.integer("Desired", "Number of replicas requested."),
                Columns.integer("Current", "Number of replicas the controller last observed."),
                Columns.integer("Ready", "Number of replicas that are ready."),
                Columns.AGE,
                Columns.CONTAINERS,
                Columns.IMAGES,
                Columns.selector(selectorDescription));
        this.selector = selector;
    }

    @Override
    public List<ColumnDefinition> columns() {
        return columns;
    }

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
                selector.apply(controller.path("spec").path("selector")));
    }
}
