package skiff.apiserver.table;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Table rows for apps/v1 daemon sets: {@code NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE},
 * plus template and selector when wide.
 */
final class DaemonSetTableConvertor implements TableConvertor {
    private static final List<ColumnDefinition> COLUMNS = List.of(
            Columns.NAME,
            Columns.integer("Desired", "Number of nodes that should run the daemon pod."),
            Columns.integer("Current", "Number of nodes running at least one daemon pod."),
            Columns.integer("Ready", "Number of nodes whose daemon pod is ready."),
            Columns.integer("Up-to-date", "Number of nodes running the current pod template."),
            Columns.integer("Available", "Number of nodes whose daemon pod is available."),
            Columns.string("Node Selector", "Labels a node needs to run the daemon pod."),
            Columns.AGE,
            Columns.CONTAINERS,
            Columns.IMAGES,
            Columns.selector("Label query over the pods the daemon set manages."));

    @Override
    public List<ColumnDefinition> columns() {
        return COLUMNS;
    }

    // k/k pkg/printers/internalversion/printers.go printDaemonSet: status counts as numbers; NODE SELECTOR is the
    // template's nodeSelector map.
    @Override
    public List<Object> cells(JsonNode daemonSet, Instant now) {
        JsonNode status = daemonSet.path("status");
        ContainerCells containers = ContainerCells.ofTemplate(daemonSet);
        return List.of(
                WireValues.name(daemonSet),
                WireValues.integer(status.path("desiredNumberScheduled")),
                WireValues.integer(status.path("currentNumberScheduled")),
                WireValues.integer(status.path("numberReady")),
                WireValues.integer(status.path("updatedNumberScheduled")),
                WireValues.integer(status.path("numberAvailable")),
                LabelSelectors.formatLabels(daemonSet.path("spec").path("template").path("spec").path("nodeSelector")),
                Age.of(daemonSet, now),
                containers.names(),
                containers.images(),
                LabelSelectors.formatLabelSelector(daemonSet.path("spec").path("selector")));
    }
}
